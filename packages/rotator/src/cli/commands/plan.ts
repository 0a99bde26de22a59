import type { VaultPathAccess } from "../../adapters/vault-access.js";
import { redactCredentials } from "../../observability/redact.js";
import type { OwnKey } from "../../ports.js";
import { type PlanEntry, planKey, successorGroup } from "../../rotation/plan.js";
import type { CommandContext } from "../context.js";
import { isFinishedRetiredKey, planDocument, sortPlan } from "../plan-report.js";
import { formatPlan } from "../plan-table.js";

/** Vault paths checked at once during the pre-flight. */
const PATH_CHECKS_IN_FLIGHT = 8;

/**
 * `plan`: a pre-flight. Checks the Vault token (`lookup-self`; an unreachable Vault or a rejected
 * token fails the command with a message that says what to fix), lists every key with what would
 * happen to it, and reports per key whether the token may store the secret at its Vault path (its
 * capabilities there, from `sys/capabilities-self`). Reads no secret; changes nothing, neither keys
 * nor Vault. Keys finished rotations retired are left out unless `all`.
 */
export async function planCommand(ctx: CommandContext, options: { all: boolean }): Promise<number> {
  const { keys, settings, vaultAccess, ownKey } = ctx.services();
  // Vault first: a token that does not work makes the rest moot, and fails fast.
  const token = await vaultAccess?.token();
  const now = Date.now();
  const own = ownKey ? await ownKey.reload().catch((error: Error) => error) : undefined;
  const entries: PlanEntry[] = [];
  for await (const key of keys.listKeys()) {
    const entry = planKey(key, now, settings);
    entries.push(ownKey && key.id === own ? markOwnKey(entry, ownKey) : entry);
  }
  if (own instanceof Error) {
    ctx.logger.warn(
      { event: "plan.own-key-unknown", err: redactCredentials(own.message) },
      "could not tell which key the rotator runs with; a rotation of it would check again first",
    );
  }
  const shown = sortPlan(options.all ? entries : entries.filter((entry) => !isFinishedRetiredKey(entry)));
  const hidden = entries.length - shown.length;
  const access = vaultAccess ? await checkPaths(shown, (path) => vaultAccess.path(path)) : undefined;
  const vault = token && access ? { token, access } : undefined;
  const { kvMount } = ctx.config.vault;
  ctx.out(
    ctx.json
      ? JSON.stringify(planDocument(shown, hidden, now, kvMount, vault), null, 2)
      : formatPlan(shown, now, kvMount, vault, hidden),
  );
  return 0;
}

/** The rotator's own key: a fixed one is never rotated (its rotation is refused); a managed one is. */
function markOwnKey(entry: PlanEntry, ownKey: OwnKey): PlanEntry {
  if (ownKey.kind === "managed") {
    return {
      ...entry,
      successorGroup: successorGroup(entry.key, entry.policy, true),
      reason: `${entry.reason}; the rotator's own key (read from ${ownKey.path}), switched to its successor first`,
    };
  }
  return {
    ...entry,
    decision: "skip",
    reason:
      "the rotator's own key (KEYWARDEN_API_KEY): it is never rotated, a rotation is refused; set KEYWARDEN_API_KEY_VAULT_PATH instead to let the rotator rotate it",
  };
}

/** Checks each distinct path of the keys that would ever rotate (not the skipped ones), a few at a time. */
async function checkPaths(
  entries: readonly PlanEntry[],
  check: (path: string) => Promise<VaultPathAccess>,
): Promise<Map<string, VaultPathAccess>> {
  const paths = [
    ...new Set(
      entries.flatMap((entry) => (entry.decision !== "skip" && entry.vaultPath ? [entry.vaultPath] : [])),
    ),
  ];
  const results = new Map<string, VaultPathAccess>();
  let next = 0;
  const lane = async () => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      results.set(path, await check(path));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PATH_CHECKS_IN_FLIGHT, paths.length) }, lane));
  return results;
}
