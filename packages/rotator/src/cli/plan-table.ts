import type { VaultPathAccess, VaultTokenInfo } from "../adapters/vault-access.js";
import { formatDuration } from "../duration.js";
import type { PlanEntry } from "../rotation/plan.js";
import { fullVaultPath, groupCell, type PlanVaultCheck, sortPlan } from "./plan-report.js";
import { formatTable } from "./table.js";

/** One word or two for a path's access, for the table. */
function describeAccess(access: VaultPathAccess | undefined): string {
  if (!access) return "-";
  if (access.kind === "denied") return "DENIED";
  if (access.kind === "unknown") return "unknown (see below)";
  return "ok";
}

/**
 * The dry-run table: for each key, what the rotator would do, when, where the secret would go, and
 * why; with `vault`, also the token line, each path's access and notes on denied paths;
 * `hiddenRetired` retired keys left out are counted in the summary. Pure.
 */
export function formatPlan(
  entries: readonly PlanEntry[],
  now: number,
  kvMount: string,
  vault?: PlanVaultCheck,
  hiddenRetired = 0,
): string {
  const rows = sortPlan(entries).map((entry) => [
    entry.key.id,
    entry.key.name,
    groupCell(entry),
    entry.key.expiresAt === null
      ? "never"
      : `${new Date(entry.key.expiresAt).toISOString()} (${formatDuration(entry.key.expiresAt - now)})`,
    entry.decision === "rotate" || entry.decision === "resume"
      ? "now"
      : entry.rotateAt === undefined || entry.decision === "skip"
        ? "-"
        : `${new Date(entry.rotateAt).toISOString()} (in ${formatDuration(entry.rotateAt - now)})`,
    entry.decision,
    entry.vaultPath ? fullVaultPath(kvMount, entry.vaultPath) : "-",
    ...(vault ? [describeAccess(entry.vaultPath ? vault.access.get(entry.vaultPath) : undefined)] : []),
    entry.reason,
  ]);
  const due = entries.filter((entry) => entry.decision === "rotate").length;
  const headers = ["id", "key", "group", "expires", "rotates", "decision", "vault path"];
  const table = formatTable([...headers, ...(vault ? ["vault access"] : []), "why"], rows);
  const hidden =
    hiddenRetired > 0
      ? ` ${hiddenRetired} retired key${hiddenRetired === 1 ? "" : "s"} not listed (--all lists them).`
      : "";
  const summary = `${due} of ${entries.length} keys would be rotated now.${hidden}`;
  return vault
    ? [tokenLine(vault.token), "", table, "", summary, ...accessNotes(entries, vault, kvMount)].join("\n")
    : `${table}\n\n${summary}`;
}

function tokenLine(token: VaultTokenInfo): string {
  const expiry =
    token.ttlSeconds > 0 ? `expires in ${formatDuration(token.ttlSeconds * 1000)}` : "never expires";
  return `Vault token: valid (policies: ${token.policies.join(", ") || "none"}; ${expiry}).`;
}

/** What the access column means, and which keys would fail at the store step, and why. */
function accessNotes(entries: readonly PlanEntry[], vault: PlanVaultCheck, kvMount: string): string[] {
  const problems = entries.flatMap((entry) => {
    const access = entry.vaultPath ? vault.access.get(entry.vaultPath) : undefined;
    return access && access.kind !== "allowed" ? [{ entry, access }] : [];
  });
  const deniedNames = problems
    .filter(({ access }) => access.kind === "denied")
    .map(({ entry }) => entry.key.name);
  const denied = deniedNames.length;
  const named = `${deniedNames.slice(0, 10).join(", ")}${denied > 10 ? `, and ${denied - 10} more` : ""}`;
  const lines = [
    "Vault access: the token's capabilities on each path, as Vault reports them (sys/capabilities-self;",
    `no secret was read, nothing written). A rotation needs read, create and update on ${kvMount}/data/<path>`,
    `and create and update on ${kvMount}/metadata/<path>.`,
  ];
  if (denied > 0) {
    lines.push(
      `DENIED for ${denied} key${denied === 1 ? "" : "s"} (${named}): the token may not store the secret there, so a rotation would end in needs-attention (the old key kept working).`,
    );
  }
  let deniedShown = 0;
  for (const { entry, access } of problems) {
    if (access.kind === "denied" && deniedShown++ >= 10) continue;
    lines.push(`  ${entry.key.name} (${fullVaultPath(kvMount, entry.vaultPath ?? "")}): ${access.reason}`);
  }
  return ["", ...lines];
}
