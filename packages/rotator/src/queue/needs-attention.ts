/**
 * Needs-attention that heals itself. A rotation gives up (its job fails) for one of two kinds of
 * reason: transient (the service or Vault kept failing through every attempt) or permanent (a 403,
 * a refused token, a bad setting). Failed jobs keep their ids, so a later scan cannot enqueue the
 * key again; instead each scan looks at the failed jobs and tries again, as the same job with fresh
 * attempts: a transient failure after a cool-down, a permanent one once the configuration changed.
 * `rotate <key>` tries one again at once.
 */
import type { Job, Queue } from "bullmq";
import type { RotationTarget } from "../rotation/context.js";
import type { RotationJobData, RotationJobResult } from "./job-data.js";

/** How far back `status`, `rotate` and the scans look for rotations needing attention. */
const FAILED_JOBS_LOOKED_AT = 10_000;

/** Default cool-down before a rotation that failed for a transient reason is tried again. */
export const DEFAULT_RETRY_FAILED_AFTER_MS = 3_600_000;

/** Why and when a rotation was given up, kept in its job data. Times are epoch ms. */
export interface FailureRecord {
  readonly kind: "transient" | "permanent";
  readonly at: number;
  /** A fingerprint of the configuration then (see `configFingerprint`). */
  readonly config?: string | undefined;
}

/** Settings of the self-healing. */
export interface HealingPolicy {
  /** Cool-down of a transient failure. */
  readonly retryFailedAfterMs: number;
  /** The configuration's fingerprint now; a permanent failure recorded under another is tried again. */
  readonly configFingerprint?: string | undefined;
}

/** When a needs-attention rotation is tried again. */
export type NextTry =
  | { readonly kind: "at"; readonly at: number }
  | { readonly kind: "after-fix"; readonly hint: string };

/** When the scans will try this failed rotation again. */
export function nextTry(data: RotationJobData, policy: HealingPolicy): NextTry {
  const failure = data.failure;
  if (failure?.kind === "transient") return { kind: "at", at: failure.at + policy.retryFailedAfterMs };
  if (failure && policy.configFingerprint !== undefined && failure.config !== policy.configFingerprint) {
    return { kind: "at", at: failure.at };
  }
  return {
    kind: "after-fix",
    hint: `after the cause is fixed: at the next scan once the configuration changes, or now with \`rotate ${data.name}\``,
  };
}

/** The rotations needing attention (failed jobs), newest first, at most `limit`. */
export function needsAttentionJobs(
  queue: Queue<RotationJobData>,
  limit = FAILED_JOBS_LOOKED_AT,
): Promise<Job<RotationJobData, RotationJobResult>[]> {
  return queue.getFailed(0, limit - 1) as Promise<Job<RotationJobData, RotationJobResult>[]>;
}

/** The needs-attention job of a logical key, if any. */
export async function needsAttentionJobOf(
  queue: Queue<RotationJobData>,
  name: string,
): Promise<Job<RotationJobData, RotationJobResult> | undefined> {
  return (await needsAttentionJobs(queue)).find((job) => job.data.name === name);
}

/**
 * Tries a failed rotation again as the same job (its history kept, its attempts reset), with `target`
 * as its new starting point and the needs-attention marks cleared.
 */
export async function retryNeedsAttention(
  job: Job<RotationJobData, RotationJobResult>,
  target: RotationTarget & { force?: boolean },
): Promise<void> {
  // Only the starting point goes back: the failed run's hints (successor, verification, step, 429
  // pauses) belong to a state that may be gone, and would skip a grace period or an attempt.
  const { keyId, name, expiresAt, successorId, force } = target;
  await job.updateData({
    keyId,
    name,
    expiresAt,
    ...(successorId === undefined ? {} : { successorId }),
    ...(force ? { force } : {}),
  });
  await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
}

/** What one healing pass did. */
export interface HealingReport {
  /** Failed rotations tried again. */
  readonly retried: number;
  /** Failed rotations whose key has expired meanwhile (each one is also passed to `onExpired`). */
  readonly expired: number;
}

/**
 * One healing pass, run by every scan: tries again each failed rotation whose `nextTry` has come,
 * and reports those whose key expired while they waited for a human.
 */
export async function healNeedsAttention(
  queue: Queue<RotationJobData>,
  options: HealingPolicy & {
    now: number;
    onExpired?: (job: Job<RotationJobData>) => void;
    /** Takes the right to heal one job for a while (a Redis lease); without it, no coordination. */
    claim?: (jobId: string) => Promise<boolean>;
  },
): Promise<HealingReport> {
  let retried = 0;
  let expired = 0;
  for (const job of await needsAttentionJobs(queue)) {
    const next = nextTry(job.data, options);
    if (next.kind === "at" && next.at <= options.now) {
      // Two processes scanning at once must not both rewrite it (the second would overwrite a run
      // that already started): one claims the right to heal it.
      if (options.claim && !(await options.claim(String(job.id)))) continue;
      const { keyId, name, expiresAt } = job.data;
      // Another process may have retried it first: BullMQ then refuses, and that is fine.
      if (
        await retryNeedsAttention(job, { keyId, name, expiresAt }).then(
          () => true,
          () => false,
        )
      )
        retried++;
      continue;
    }
    if (job.data.expiresAt !== null && job.data.expiresAt <= options.now) {
      expired++;
      options.onExpired?.(job);
    }
  }
  return { retried, expired };
}
