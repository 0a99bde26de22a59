/**
 * What an operator is told about a rotation that stopped: the state of the old key, the successor
 * and Vault as looked up now, never as assumed. "The old key works" is only said after the API
 * accepted the secret Vault holds for it.
 */
import { isPortError } from "../port-errors.js";
import type { KeyRecord, StoredSecret } from "../ports.js";
import type { RotationContext, RotationTarget } from "./context.js";
import { successorName } from "./naming.js";
import { findSuccessor } from "./steps.js";

function describeKey(role: string, key: KeyRecord | undefined, id?: string): string {
  if (!key) return id === undefined ? `no ${role}` : `${role} ${id} not found`;
  return `${role} ${key.id} "${key.name}" ${key.status === "active" ? "active" : "revoked"}`;
}

/** Whether the API accepts the secret Vault holds, checked only where the rotator may present it. */
async function describeVault(
  ctx: RotationContext,
  path: string,
  stored: StoredSecret | undefined,
  keys: readonly (KeyRecord | undefined)[],
): Promise<string> {
  if (!stored) return `Vault ${path}: empty`;
  const keyId = stored.data.key_id;
  const apiKey = stored.data.api_key;
  const head = `Vault ${path} version ${stored.version}: key ${typeof keyId === "string" ? keyId : "unknown"}'s secret`;
  const holder = keys.find((key) => key?.id === keyId);
  if (typeof apiKey !== "string" || typeof keyId !== "string") return `${head} missing`;
  if (!holder) return `${head} (neither the old key nor the successor)`;
  if (holder.status !== "active") return `${head}, a key that is not active (apps reading it fail)`;
  if (!ctx.canAuthenticateFrom(holder.allowedIp))
    return `${head} (not tried: its allowedIp excludes the rotator)`;
  const check = await ctx.keys.authenticate(apiKey, keyId);
  return check === "accepted" ? `${head}, accepted by the API` : `${head}, REFUSED by the API`;
}

/**
 * One line: old key, successor, Vault. Each part that cannot be looked up says so (with the reason)
 * instead of guessing.
 */
export async function describeObservedState(
  ctx: RotationContext,
  target: RotationTarget,
  path: string,
): Promise<string> {
  const look = async <T>(what: () => Promise<T>): Promise<T | Error> => {
    try {
      return await what();
    } catch (error) {
      if (isPortError(error)) return error;
      throw error;
    }
  };
  const fetched = await look(() => ctx.keys.getKey(target.keyId));
  const fromSuccessor = !(fetched instanceof Error) && fetched?.name === successorName(target.name);
  const old = fromSuccessor ? undefined : fetched;
  const successor = fromSuccessor ? fetched : await look(() => findSuccessor(ctx, target));
  const parts = [
    old instanceof Error
      ? `old key ${target.keyId} could not be read (${old.message})`
      : fromSuccessor
        ? "the original key is gone"
        : describeKey("old key", old, target.keyId),
    successor instanceof Error
      ? `successor could not be read (${successor.message})`
      : describeKey("successor", successor),
  ];
  const stored = await look(() => ctx.secrets.read(path));
  if (stored instanceof Error) {
    parts.push(`Vault ${path} could not be read (${stored.message})`);
  } else {
    const known = [old, successor].filter((key): key is KeyRecord | undefined => !(key instanceof Error));
    const vault = await look(() => describeVault(ctx, path, stored, known));
    parts.push(vault instanceof Error ? `Vault ${path}: the API check failed (${vault.message})` : vault);
  }
  return parts.join("; ");
}
