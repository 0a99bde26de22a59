/**
 * The rotator's own key, as a rotation treats it. The rotator must never revoke the key it
 * authenticates with while it still does: a key it manages (kept in Vault) it switches away from
 * first, every process picking up the successor from Vault; a key given directly it refuses to
 * rotate at all, before anything is created, saying how to hand the key over to it.
 */
import { PermanentError, TransientError } from "../port-errors.js";
import type { KeyRecord } from "../ports.js";
import type { RotationContext } from "./context.js";

/** What an operator reads when the rotator refuses to rotate its own, directly given key. */
export const FIXED_OWN_KEY_REFUSAL =
  "this is the rotator's own key (KEYWARDEN_API_KEY): rotating it would revoke the credential the rotator " +
  "runs with, and nothing would hand it the successor. To let the rotator rotate its own key, write " +
  "{api_key, key_id} to a Vault path under the KV mount (the path its template gives this key), set " +
  "KEYWARDEN_API_KEY_VAULT_PATH to that path and unset KEYWARDEN_API_KEY";

/** Whether `key` is the rotator's own; the Vault secret at `path` is read only for a fixed key. */
async function isOwn(ctx: RotationContext, key: KeyRecord, path: string): Promise<boolean> {
  if (!ctx.ownKey) return false;
  return ctx.ownKey.isOwn(key.id, async () => {
    const stored = await ctx.secrets.read(path);
    const secret = stored?.data.api_key;
    return stored?.data.key_id === key.id && typeof secret === "string" ? secret : undefined;
  });
}

/**
 * What any rotator process (through the registry) says of `key`: a fixed key is never rotated, a
 * managed one only into the path that process reads its key from. True when some process runs with it.
 */
async function checkOthers(ctx: RotationContext, key: KeyRecord, path: string): Promise<boolean> {
  const registered = await ctx.ownKeys?.lookup(key.id);
  if (registered?.kind === "fixed") {
    throw new PermanentError(`a running rotator process says: ${FIXED_OWN_KEY_REFUSAL}`);
  }
  if (registered?.kind === "managed" && registered.path !== path) {
    throw new PermanentError(
      `a running rotator process reads this key from Vault path ${registered.path}, but its successor ` +
        `would be stored at ${path}: that process would lose its key. Make the two paths the same`,
    );
  }
  return registered !== undefined;
}

/**
 * Before a rotation creates anything: refuses the rotator's own fixed key, and its own managed key
 * when the rotation would store the successor anywhere but the path the rotator reads its key from;
 * the same for the key of any other running rotator process.
 *
 * @returns true when this or another rotator process runs with `old` (its successor keeps the
 *   old key's group: see `successorGroup`)
 */
export async function checkOwnKeyMayRotate(
  ctx: RotationContext,
  old: KeyRecord,
  path: string,
): Promise<boolean> {
  const others = await checkOthers(ctx, old, path);
  if (!ctx.ownKey || !(await isOwn(ctx, old, path))) return others;
  if (ctx.ownKey.kind === "fixed") throw new PermanentError(FIXED_OWN_KEY_REFUSAL);
  if (ctx.ownKey.path !== path) {
    throw new PermanentError(
      `this is the rotator's own key, read from Vault path ${ctx.ownKey.path} (KEYWARDEN_API_KEY_VAULT_PATH), ` +
        `but its successor would be stored at ${path}: the rotator would lose its key. Make the two paths ` +
        `the same (rename the key, or set a policy path for it)`,
    );
  }
  return true;
}

/**
 * Just before the old key is retired: when it is the rotator's own, switch to what Vault holds now
 * (the verified successor) and make sure that is what the rotator authenticates with from here on.
 */
export async function switchAwayFromOwnKey(
  ctx: RotationContext,
  old: KeyRecord,
  successorId: string | undefined,
  path: string,
): Promise<void> {
  if (old.status !== "active") return;
  // Another process running with it re-reads the same path at its first 401: it switches itself.
  await checkOthers(ctx, old, path);
  if (!ctx.ownKey || !(await isOwn(ctx, old, path))) return;
  if (ctx.ownKey.kind === "fixed") throw new PermanentError(FIXED_OWN_KEY_REFUSAL);
  const now = await ctx.ownKey.reload();
  if (now === undefined || now === old.id || (successorId !== undefined && now !== successorId)) {
    throw new TransientError(
      `the rotator still authenticates with key ${old.id} after re-reading ${ctx.ownKey.path} ` +
        `(it holds key ${now ?? "none"}): the old key is not retired`,
    );
  }
}
