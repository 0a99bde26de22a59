import type { Job } from "bullmq";
import { redactCredentials } from "../observability/redact.js";
import type { RotationJobData } from "./job-data.js";
import { DEFAULT_RETRY_FAILED_AFTER_MS, type HealingPolicy, nextTry } from "./needs-attention.js";
import type { RotatorQueues } from "./queues.js";

/** One rotation in flight, waiting out its grace period, or needing attention. */
export interface RotationStatusEntry {
  readonly jobId: string;
  readonly keyId: string;
  readonly name: string;
  readonly step: string | undefined;
  readonly attempts: number;
  readonly until?: number;
  readonly reason?: string;
  readonly cleanup?: string;
  /** Needs-attention only: when a scan tries it again (ISO time), or what must happen first. */
  readonly nextTry?: string;
}

/** What `keywarden-rotator status` shows. */
export interface RotatorStatus {
  readonly counts: Record<string, number>;
  readonly scanCounts: Record<string, number>;
  readonly inFlight: RotationStatusEntry[];
  readonly delayed: RotationStatusEntry[];
  readonly needsAttention: RotationStatusEntry[];
  readonly lastScan?: { finishedOn: number | undefined; result: unknown };
}

function needsAttentionEntry(job: Job<RotationJobData>, policy: HealingPolicy): RotationStatusEntry {
  const next = nextTry(job.data, policy);
  return {
    ...entry(job),
    nextTry:
      next.kind === "at"
        ? `at the first scan after ${new Date(next.at).toISOString()} (or now: rotate ${job.data.name})`
        : next.hint,
  };
}

function entry(job: Job<RotationJobData>): RotationStatusEntry {
  return {
    jobId: String(job.id),
    keyId: job.data.keyId,
    name: job.data.name,
    step: job.data.step,
    attempts: job.attemptsMade,
    ...(job.delay > 0 ? { until: job.timestamp + job.delay } : {}),
    // Reasons written before the worker redacted them may still quote a URL with credentials.
    ...(job.data.needsAttention
      ? { reason: redactCredentials(job.data.needsAttention) }
      : job.failedReason
        ? { reason: redactCredentials(job.failedReason) }
        : {}),
    ...(job.data.cleanup ? { cleanup: redactCredentials(job.data.cleanup) } : {}),
  };
}

/** Reads queue counts, in-flight rotations with their step, and the needs-attention list. */
export async function readStatus(
  queues: RotatorQueues,
  limit = 100,
  policy: HealingPolicy = { retryFailedAfterMs: DEFAULT_RETRY_FAILED_AFTER_MS },
): Promise<RotatorStatus> {
  const [counts, scanCounts, active, delayed, failed, scansDone] = await Promise.all([
    queues.rotations.getJobCounts("waiting", "active", "delayed", "completed", "failed", "prioritized"),
    queues.scans.getJobCounts("waiting", "active", "delayed", "completed", "failed"),
    queues.rotations.getActive(0, limit - 1),
    queues.rotations.getDelayed(0, limit - 1),
    queues.rotations.getFailed(0, limit - 1),
    queues.scans.getCompleted(0, 0),
  ]);
  const [lastScan] = scansDone;
  return {
    counts,
    scanCounts,
    inFlight: active.map(entry),
    delayed: delayed.map(entry),
    needsAttention: failed.map((job) => needsAttentionEntry(job, policy)),
    ...(lastScan ? { lastScan: { finishedOn: lastScan.finishedOn, result: lastScan.returnvalue } } : {}),
  };
}
