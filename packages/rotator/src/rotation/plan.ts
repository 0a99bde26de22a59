import type { KeyRecord } from "../ports.js";
import { isHalfDone } from "./locate.js";
import { isSuccessorName, logicalNameOf, rotationJobId, vaultPathFor } from "./naming.js";
import { type PolicySettings, policyFor, type RotationPolicy } from "./policy.js";

/**
 * Why a key is or is not rotated now. `resume`: the key is the successor or the retired key of a
 * rotation left half done (its job lost); the scan finishes that rotation.
 */
export type PlanDecision = "rotate" | "resume" | "not-due" | "skip";

/** One line of the plan: what the rotator would do with one key, and why. */
export interface PlanEntry {
  readonly key: KeyRecord;
  readonly decision: PlanDecision;
  readonly reason: string;
  /** When the key enters its rotation window (epoch ms); undefined for keys that never expire. */
  readonly rotateAt: number | undefined;
  /** Vault path (relative to the mount), or undefined when the template gives no valid path. */
  readonly vaultPath: string | undefined;
  /** Job id deduplicating this rotation (same key + same expiry = same job). */
  readonly jobId: string;
  readonly policy: RotationPolicy;
  /**
   * The authorization group a successor would get (null: the owner's permissions): the key's own,
   * or its policy's. For a half-done rotation's key, what a new successor of it would get.
   */
  readonly successorGroup: string | null;
}

/**
 * Decides what to do with one key at time `now`. Pure: the scan, `plan` and `rotate` all use it.
 *
 * A key is due when it expires within its policy's window (expired keys are due too: rotating them
 * repairs the apps). Revoked keys, keys that never expire and keys whose policy says `skip` are
 * never rotated; live successors (`<name>~next`) and live retired keys are the traces of a rotation
 * left half done, which is resumed.
 */
export function planKey(key: KeyRecord, now: number, settings: PolicySettings): PlanEntry {
  // A successor or retired key is planned as part of its logical key: same policy, same Vault path.
  const halfDone = isHalfDone(key);
  const logicalName = halfDone ? logicalNameOf(key.name) : key.name;
  const policy = policyFor(logicalName, settings);
  const jobId = rotationJobId(key.id, key.expiresAt);
  const rotateAt = key.expiresAt === null ? undefined : key.expiresAt - policy.window;
  let vaultPath: string | undefined;
  let pathProblem: string | undefined;
  try {
    vaultPath = vaultPathFor(policy.pathTemplate, logicalName);
  } catch (error) {
    pathProblem = (error as Error).message;
  }
  const entry = (decision: PlanDecision, reason: string): PlanEntry => ({
    key,
    decision,
    reason,
    rotateAt,
    vaultPath,
    jobId,
    policy,
    successorGroup: successorGroup(key, policy),
  });

  if (key.status !== "active") return entry("skip", "revoked");
  // A rule naming the key itself wins over its logical key's (`legacy~next` under `legacy*: skip`).
  const own = halfDone ? policyFor(key.name, settings) : policy;
  if (policy.skip || own.skip) {
    return entry("skip", `policy "${own.skip ? own.matchedRule : policy.matchedRule}" says skip`);
  }
  if (pathProblem) return entry("skip", pathProblem);
  if (halfDone) {
    return entry(
      "resume",
      isSuccessorName(key.name)
        ? `successor of "${logicalName}" from a rotation that has not finished; a scan resumes it when Vault shows the rotator manages "${logicalName}"`
        : `retired from "${logicalName}" but still active; the scan finishes its rotation`,
    );
  }
  if (rotateAt === undefined) return entry("not-due", "never expires");
  if (now < rotateAt) return entry("not-due", "not within its rotation window yet");
  return entry("rotate", key.expiresAt !== null && key.expiresAt <= now ? "already expired" : "expires soon");
}

/** True when the key should be rotated now. */
export function isDue(key: KeyRecord, now: number, settings: PolicySettings): boolean {
  return planKey(key, now, settings).decision === "rotate";
}

/**
 * The lifetime the successor gets: the policy's, else the old key's own (expiry minus creation) but
 * never shorter than twice the rotation window — a key born inside its own window would be rotated
 * again at the very next scan, forever.
 */
export function successorLifetime(old: KeyRecord, policy: RotationPolicy): number | null {
  if (policy.lifetime !== undefined) return policy.lifetime;
  if (old.expiresAt === null) return null;
  return Math.max(old.expiresAt - old.createdAt, 2 * policy.window, 60_000);
}

/**
 * The authorization group the successor gets: the policy's, else the old key's own (null: the
 * owner's permissions, which a successor must not gain when the old key had less). A key some
 * rotator runs with (`rotatorCredential`) always keeps its own group: a group without the key
 * permissions the rotator needs would lock it out the moment it switched to the successor.
 */
export function successorGroup(
  old: KeyRecord,
  policy: RotationPolicy,
  rotatorCredential = false,
): string | null {
  const own = old.authorizationGroup ?? null;
  if (rotatorCredential) return own;
  return policy.authorizationGroup ?? own;
}
