/**
 * One rotation, from the old key to its successor in Vault, as a sequence of steps that each check
 * the real state first. Call it again after any failure or crash with the same target (its progress
 * hints may be stale or missing): it picks up where the real state is.
 *
 *   observe → create → generate → store → verify → (grace) → revoke → rename
 *
 * The old key is revoked only after Vault's current version holds the successor's secret and that
 * secret was verified (by the API, or by read-back when `allowedIp` excludes the rotator).
 */
import { PermanentError, TransientError } from "../port-errors.js";
import type { KeyRecord } from "../ports.js";
import { claimedContext } from "./claim.js";
import type { RotationContext, RotationOutcome, RotationTarget } from "./context.js";
import { successorName, vaultPathFor } from "./naming.js";
import { checkOwnKeyMayRotate, switchAwayFromOwnKey } from "./own-key.js";
import { isDue, successorGroup, successorLifetime } from "./plan.js";
import { policyFor } from "./policy.js";
import {
  createSuccessor,
  findSuccessor,
  metadataDescribes,
  renameSuccessor,
  retireOldKey,
  runStep,
  secretMetadata,
  slidExpiry,
  storeSecret,
  type Verification,
  verifyInVault,
} from "./steps.js";

/** Rotates the key described by `target`. Throws port errors for the worker to classify. */
export async function rotateKey(
  unclaimed: RotationContext,
  planned: RotationTarget,
): Promise<RotationOutcome> {
  const ctx = await claimedContext(unclaimed);
  const policy = policyFor(planned.name, ctx.settings);
  const path = vaultPathFor(policy.pathTemplate, planned.name);

  const { old, successor: found } = await runStep(ctx, planned, "observe", async () => {
    const target = planned;
    const byId = await ctx.keys.getKey(target.keyId);
    // A scan resumes a rotation whose original key is gone from its successor's id: that key is
    // the successor, not the key it replaces.
    if (byId?.name === successorName(target.name)) {
      return { value: { old: undefined, successor: byId }, outcome: "done" };
    }
    // A job that never started has nothing to find: `create` adopts an existing successor on 409.
    // Progress hints can be lost, so an old key already renamed by `revoke` also means it started.
    const fresh = target.step === undefined && target.successorId === undefined && byId?.name === target.name;
    const successor = fresh && byId?.status === "active" ? undefined : await findSuccessor(ctx, target);
    return { value: { old: byId, successor }, outcome: "done" };
  });
  // From here on every event names the key by its public id too (when the service has them).
  const target = withPublicId(planned, old ?? (found?.id === planned.keyId ? found : undefined));
  const ids = target.publicKeyId === undefined ? {} : { publicKeyId: target.publicKeyId };
  const oldLive = old?.status === "active";

  if (!found && (!oldLive || old?.name !== target.name)) {
    // The old key is gone, revoked, or renamed by a revoke step that did not finish.
    const holder = await ctx.keys.findKeyByName(target.name);
    const other = holder && holder.id !== target.keyId && holder.status === "active" ? holder : undefined;
    if (!oldLive || other) return finishedEarlier(ctx, target, path, old, other);
    // Renamed, and nobody took its name: the rotation starts over from it (a new successor).
  }
  // Only a key still under its own name can be "not due": one renamed by `revoke` was mid-rotation.
  if (!found && old?.name === target.name && !ctx.force && !isDue(old, ctx.now(), ctx.settings)) {
    return {
      kind: "not-due",
      reason: "the key is not within its rotation window (its expiry changed?)",
      ...ids,
    };
  }

  // A manual run (`force`) or a job queued before the policy changed must not start what the policy
  // forbids; a rotation already under way (its successor exists) is finished, whatever it says now.
  if (!found && policy.skip) {
    throw new PermanentError(
      `policy "${policy.matchedRule}" says skip: this key is never rotated, so nothing was created (remove skip from the rule to rotate it)`,
    );
  }
  const rotatorCredential = old && oldLive ? await checkOwnKeyMayRotate(ctx, old, path) : false;
  const successor =
    found ??
    (await create(ctx, target, path, old as KeyRecord, {
      lifetime: successorLifetime(old as KeyRecord, policy),
      group: successorGroup(old as KeyRecord, policy, rotatorCredential),
      note:
        rotatorCredential && policy.authorizationGroup !== undefined
          ? `policy group ${policy.authorizationGroup} not applied: a rotator runs with this key`
          : undefined,
    }));
  const successorIds =
    successor.publicKeyId === undefined ? {} : { successorPublicKeyId: successor.publicKeyId };
  const { verified, successor: current } = await ensureVaultHoldsSuccessor(ctx, target, path, successor);
  // A verification recorded for another Vault version (regenerated, rolled back, another run's)
  // does not count: the grace period starts again from this one.
  const recorded = target.verifiedAt !== undefined && target.verifiedVersion === verified.version;
  const verifiedAt = recorded ? (target.verifiedAt as number) : ctx.now();
  ctx.onVerified?.({
    successorId: successor.id,
    vaultPath: path,
    vaultVersion: verified.version,
    verifiedBy: verified.by,
    verifiedAt,
  });

  if (oldLive && old) {
    const verifiedVersion = verified.version;
    const until = verifiedAt + policy.gracePeriod;
    if (ctx.now() < until) {
      if (target.step !== "grace" || !recorded)
        await ctx.checkpoint({ verifiedAt, verifiedVersion, step: "grace" });
      await runStep(ctx, target, "grace", async () => ({
        value: undefined,
        outcome: "done",
        detail: `until ${new Date(until).toISOString()}`,
      }));
      return { kind: "waiting", until, successorId: successor.id, ...successorIds, ...ids };
    }
    // One write records both the verification (the grace period's start) and the step now running.
    if (target.step !== "revoke" || !recorded)
      await ctx.checkpoint({ verifiedAt, verifiedVersion, step: "revoke" });
  }
  // Also when the old key is already revoked: it may still hold the name the successor needs.
  if (old) await retire(ctx, target, old, path, current.id);

  await runStep(ctx, target, "rename", async () => {
    const renamed = await renameSuccessor(ctx, current, target.name);
    return { value: undefined, outcome: renamed ? "done" : "skipped" };
  });
  return {
    kind: "rotated",
    successorId: successor.id,
    ...successorIds,
    vaultPath: path,
    vaultVersion: verified.version,
    verifiedBy: verified.by,
    ...ids,
  };
}

/** The target with the public id of key `keyId`, when `key` (that key, as observed) has one. */
function withPublicId(target: RotationTarget, key: KeyRecord | undefined): RotationTarget {
  return key?.publicKeyId === undefined ? target : { ...target, publicKeyId: key.publicKeyId };
}

/**
 * Creates the successor. No checkpoint before the request: a retry whose job data never saw the
 * successor's id still finds it, as `create` adopts the key holding its name (409).
 */
async function create(
  ctx: RotationContext,
  target: RotationTarget,
  path: string,
  old: KeyRecord,
  successor: { lifetime: number | null; group: string | null; note?: string | undefined },
) {
  const created = await runStep(ctx, target, "create", async () => {
    // Vault first: a token that cannot write the secret would otherwise leave an orphan key behind.
    await ctx.secrets.checkWriteAccess(path);
    const key = await createSuccessor(ctx, old, target, successor.lifetime, successor.group);
    return { value: key, outcome: "done", detail: groupDetail(old, key, successor.note) };
  });
  // The public id rides along (safe in Redis, like the name) so that later log lines of the job
  // (retries, needs-attention) can name the key by it too.
  await ctx.checkpoint({
    successorId: created.id,
    step: "generate",
    ...(target.publicKeyId === undefined ? {} : { publicKeyId: target.publicKeyId }),
  });
  return created;
}

/** The create step's detail: the successor's group, and the old key's when they differ. */
function groupDetail(old: KeyRecord, successor: KeyRecord, note: string | undefined): string {
  const group = successor.authorizationGroup ?? null;
  const was = old.authorizationGroup ?? null;
  const text = `authorization group ${group ?? "none (the owner's permissions)"}`;
  const change = group === was ? text : `${text}, was ${was ?? "none (the owner's permissions)"}`;
  return note === undefined ? change : `${change}; ${note}`;
}

/**
 * Makes sure Vault's current version is the successor's working secret: if it already is (a retry
 * after `store`), nothing is generated — generating would kill the secret the apps now read.
 * Otherwise generate, store with check-and-set, and verify by reading back.
 */
async function ensureVaultHoldsSuccessor(
  ctx: RotationContext,
  target: RotationTarget,
  path: string,
  successor: KeyRecord,
): Promise<{ verified: Extract<Verification, { ok: true }>; successor: KeyRecord }> {
  const existing = await runStep(ctx, target, "verify", async () => {
    const found = await verifyInVault(ctx, path, successor);
    return {
      value: found,
      outcome: found.ok ? "done" : "skipped",
      detail: found.ok ? `by ${found.by}` : found.reason,
    };
  });
  if (existing.ok) {
    if (!metadataDescribes(existing.stored, successor)) {
      await ctx.secrets.writeMetadata(path, secretMetadata(successor));
    }
    return { verified: existing, successor };
  }

  const secret = await runStep(ctx, target, "generate", async () => ({
    value: await ctx.keys.generateSecret(successor.id),
    outcome: "done",
  }));
  // Generating slid the successor's expiry; the service does not say to what, so compute it as it
  // does (one request fewer per rotation than re-reading the key).
  const generated: KeyRecord = { ...successor, expiresAt: slidExpiry(successor, ctx.now()) };
  await runStep(ctx, target, "store", async () => {
    const version = await storeSecret(ctx, path, generated, target.name, secret, existing.currentVersion);
    return { value: version, outcome: "done", detail: `version ${version}` };
  });
  const verified = await runStep(ctx, target, "verify", async () => {
    const found = await verifyInVault(ctx, path, generated, secret);
    return {
      value: found,
      outcome: found.ok ? "done" : "failed",
      detail: found.ok ? `by ${found.by}` : found.reason,
    };
  });
  if (!verified.ok) throw new TransientError(`Verification failed after storing: ${verified.reason}`);
  return { verified, successor: generated };
}

/**
 * No successor is pending and the old key is gone, revoked, or renamed out of the way: either an
 * earlier run finished (a crash after the rename lost the outcome), or someone changed keys by hand.
 * The key holding the logical name counts as the rotation's result only when Vault holds its
 * working secret; only then is a still-live old key retired.
 */
async function finishedEarlier(
  ctx: RotationContext,
  target: RotationTarget,
  path: string,
  old: KeyRecord | undefined,
  holder: KeyRecord | undefined,
): Promise<RotationOutcome> {
  const verified = holder ? await verifyInVault(ctx, path, holder) : undefined;
  if (old && (old.status !== "active" || verified?.ok)) await retire(ctx, target, old, path, holder?.id);
  if (holder && verified?.ok) {
    return {
      kind: "rotated",
      successorId: holder.id,
      vaultPath: path,
      vaultVersion: verified.version,
      verifiedBy: verified.by,
    };
  }
  if (old?.status === "active" && holder) {
    throw new PermanentError(
      `key ${old.id} is still active as "${old.name}" and key ${holder.id} holds "${target.name}", ` +
        `but Vault does not hold a working secret of key ${holder.id} (${verified?.ok === false ? verified.reason : "not checked"}); ` +
        `decide which key apps should use, then run rotate again`,
    );
  }
  return { kind: "nothing-to-do", reason: old ? "the key is already revoked" : "the key no longer exists" };
}

/** Retires the old key; when it is the rotator's own, the rotator first switches to `successorId`. */
async function retire(
  ctx: RotationContext,
  target: RotationTarget,
  old: KeyRecord,
  path: string,
  successorId: string | undefined,
): Promise<void> {
  await runStep(ctx, target, "revoke", async () => {
    await switchAwayFromOwnKey(ctx, old, successorId, path);
    return { value: undefined, outcome: "done", detail: await retireOldKey(ctx, old, target) };
  });
}
