/**
 * The steps of a rotation. Each one checks the real state first (key service, Vault) and acts only
 * when the state says it has not happened yet, so running a step twice, or resuming after a crash
 * at any point, converges to the same end.
 */
import { NameTakenError, PermanentError, TransientError } from "../port-errors.js";
import type { KeyRecord, StoredSecret } from "../ports.js";
import type { RotationContext, RotationTarget, StepName } from "./context.js";
import { RotationInterruptedError } from "./context.js";
import { retiredName, successorName } from "./naming.js";

/** Marks secrets written by the rotator in Vault's `custom_metadata`. */
export const MANAGED_BY = "keywarden-rotator";

/** Runs one step: stops first if shutting down, times it, reports it. */
export async function runStep<T>(
  ctx: RotationContext,
  target: RotationTarget,
  step: StepName,
  action: () => Promise<{ value: T; outcome: "done" | "skipped" | "failed"; detail?: string }>,
): Promise<T> {
  if (ctx.signal?.aborted) throw new RotationInterruptedError(step);
  const started = performance.now();
  const report = (outcome: "done" | "skipped" | "failed", detail?: string) =>
    ctx.onStep?.({
      step,
      keyId: target.keyId,
      ...(target.publicKeyId === undefined ? {} : { publicKeyId: target.publicKeyId }),
      name: target.name,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      outcome,
      ...(detail === undefined ? {} : { detail }),
    });
  try {
    const result = await action();
    report(result.outcome, result.detail);
    return result.value;
  } catch (error) {
    report("failed", error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/**
 * Finds the successor: by the id remembered in the job, else by its predictable name. A successor
 * that already took the original name counts too (the rotation is then nearly done).
 */
export async function findSuccessor(
  ctx: RotationContext,
  target: RotationTarget,
): Promise<KeyRecord | undefined> {
  if (target.successorId !== undefined && target.successorId !== target.keyId) {
    const hinted = await ctx.keys.getKey(target.successorId);
    if (hinted && (hinted.name === successorName(target.name) || hinted.name === target.name)) return hinted;
  }
  return ctx.keys.findKeyByName(successorName(target.name));
}

/**
 * Step 1, create: a successor with the old key's configuration under `<name>~next`, with the
 * `lifetime` and authorization `group` the rotation decided (see `successorLifetime` and
 * `successorGroup`). A name already taken means an earlier attempt created it (the response was
 * lost): that key is adopted.
 */
export async function createSuccessor(
  ctx: RotationContext,
  old: KeyRecord,
  target: RotationTarget,
  lifetime: number | null,
  group: string | null,
): Promise<KeyRecord> {
  const name = successorName(target.name);
  try {
    return await ctx.keys.createKey({
      name,
      allowedIp: old.allowedIp,
      description: old.description,
      expiresAt: lifetime === null ? null : ctx.now() + lifetime,
      authorizationGroup: group,
    });
  } catch (error) {
    if (!(error instanceof NameTakenError)) throw error;
    const existing = await ctx.keys.findKeyByName(name);
    if (!existing) throw new TransientError(`Key name "${name}" is taken but the key cannot be found yet`);
    if (existing.status !== "active") {
      throw new PermanentError(
        `Key "${name}" (id ${existing.id}) exists but is revoked; remove it and retry`,
      );
    }
    return existing;
  }
}

/** What the verify step found in Vault. */
export type Verification =
  | {
      readonly ok: true;
      readonly by: "api" | "read-back";
      readonly version: number;
      readonly stored: StoredSecret;
    }
  | { readonly ok: false; readonly reason: string; readonly currentVersion: number };

/**
 * Step 4, verify: Vault's current version must be the successor's secret (and, when given, exactly
 * the secret just generated), and the API must accept it — unless the key's `allowedIp` excludes the
 * rotator, in which case the read-back is the proof.
 */
export async function verifyInVault(
  ctx: RotationContext,
  path: string,
  successor: KeyRecord,
  expectedSecret?: string,
): Promise<Verification> {
  const stored = await ctx.secrets.read(path);
  const currentVersion = stored?.version ?? 0;
  const apiKey = stored?.data.api_key;
  if (!stored || stored.data.key_id !== successor.id || typeof apiKey !== "string") {
    return { ok: false, reason: "Vault does not hold the successor's secret", currentVersion };
  }
  if (expectedSecret !== undefined && apiKey !== expectedSecret) {
    return { ok: false, reason: "Vault holds a different secret than the one just written", currentVersion };
  }
  if (!ctx.canAuthenticateFrom(successor.allowedIp)) {
    return { ok: true, by: "read-back", version: stored.version, stored };
  }
  const check = await ctx.keys.authenticate(apiKey, successor.id);
  if (check !== "accepted")
    return { ok: false, reason: "the API refuses the secret held in Vault", currentVersion };
  return { ok: true, by: "api", version: stored.version, stored };
}

/**
 * The data written to Vault for a key (the shape apps read). `key_id` stays the numeric id every
 * reader (apps, the rotator's own key, `history`) matches on; the public id is added beside it, so
 * apps can name the key they use in their logs. A service without public ids (v11) leaves it out.
 */
function secretData(successor: KeyRecord, logicalName: string, secret: string, now: number) {
  return {
    api_key: secret,
    key_id: successor.id,
    ...(successor.publicKeyId === undefined ? {} : { public_key_id: successor.publicKeyId }),
    name: logicalName,
    expires_at: successor.expiresAt === null ? null : new Date(successor.expiresAt).toISOString(),
    rotated_at: new Date(now).toISOString(),
  };
}

/** The `custom_metadata` that marks a Vault secret as managed by the rotator (ids, never the secret). */
export function secretMetadata(successor: KeyRecord): Record<string, string> {
  return {
    "managed-by": MANAGED_BY,
    "key-id": successor.id,
    ...(successor.publicKeyId === undefined ? {} : { "public-key-id": successor.publicKeyId }),
    "expires-at": successor.expiresAt === null ? "never" : new Date(successor.expiresAt).toISOString(),
  };
}

/**
 * Step 3, store: writes the secret with check-and-set against the version read before (a concurrent
 * writer makes this fail with `CasMismatchError`, and the rotation re-reads), then the metadata.
 */
export async function storeSecret(
  ctx: RotationContext,
  path: string,
  successor: KeyRecord,
  logicalName: string,
  secret: string,
  cas: number,
): Promise<number> {
  const { version } = await ctx.secrets.write(
    path,
    secretData(successor, logicalName, secret, ctx.now()),
    cas,
  );
  await ctx.secrets.writeMetadata(path, secretMetadata(successor));
  return version;
}

/** True when Vault's `custom_metadata` already describes this successor. */
export function metadataDescribes(stored: StoredSecret, successor: KeyRecord): boolean {
  const expected = secretMetadata(successor);
  return Object.entries(expected).every(([key, value]) => stored.customMetadata?.[key] === value);
}

/**
 * The expiry a key gets when its secret is generated: now plus its lifetime (expiry minus creation),
 * or 7 days for a key without one (UTMStack's rule, which the mock follows).
 */
export function slidExpiry(key: KeyRecord, now: number): number {
  const lifetime =
    key.expiresAt !== null && key.expiresAt >= key.createdAt ? key.expiresAt - key.createdAt : 7 * 86_400_000;
  return now + lifetime;
}

/**
 * Step 5a, revoke: takes the old key out of service and off the original name (renamed
 * `<name>~retired-<id>` and revoked where the service keeps revoked keys, else deleted), unless
 * that already happened. `old` was read at the start of this run.
 */
export async function retireOldKey(
  ctx: RotationContext,
  old: KeyRecord,
  target: RotationTarget,
): Promise<string> {
  if (old.status !== "active" && old.name !== target.name) return "already retired";
  return ctx.keys.retireKey(old, retiredName(target.name, old.id));
}

/**
 * Step 5b, rename: the successor (as known in this run) takes the original name, keeping its
 * configuration. An update replaces everything: the group is sent again, or the key would act with
 * all of its owner's permissions from here on.
 */
export async function renameSuccessor(
  ctx: RotationContext,
  successor: KeyRecord,
  name: string,
): Promise<boolean> {
  if (successor.name === name) return false;
  await ctx.keys.updateKey(successor.id, {
    name,
    allowedIp: successor.allowedIp,
    description: successor.description,
    expiresAt: successor.expiresAt,
    authorizationGroup: successor.authorizationGroup ?? null,
  });
  return true;
}
