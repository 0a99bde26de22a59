import type { Queue } from "bullmq";
import type { KeyService } from "../ports.js";
import type { RotationTarget } from "../rotation/context.js";
import { findFamilies, targetOf } from "../rotation/locate.js";
import { logicalNameOf, resumeJobId, rotationDedupId } from "../rotation/naming.js";
import { planKey } from "../rotation/plan.js";
import type { PolicySettings } from "../rotation/policy.js";
import type { RotationJobData } from "./job-data.js";
import { ROTATE_JOB } from "./names.js";
import { DEFAULT_RETRY_FAILED_AFTER_MS, type HealingPolicy, healNeedsAttention } from "./needs-attention.js";

/** What one scan saw and did. */
export interface ScanReport {
  readonly scanned: number;
  readonly due: number;
  /** Rotations left half done (their job lost) that this scan enqueued again. */
  readonly resumed: number;
  /** Rotations needing attention that this scan tried again (cool-down over, or configuration changed). */
  readonly retried: number;
  /** Rotations needing attention whose key has expired meanwhile. */
  readonly expiredNeedingAttention: number;
  readonly skipped: number;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/**
 * The job id, data and options of a rotation. Every rotation job of a logical key shares one
 * deduplication id, so while one is waiting, running or delayed, another (a scan, `rotate`) joins it.
 */
export function rotationJob(target: RotationTarget & { force?: boolean }, jobId: string) {
  const data: RotationJobData = {
    keyId: target.keyId,
    name: target.name,
    expiresAt: target.expiresAt,
    ...(target.force ? { force: true } : {}),
  };
  return { name: ROTATE_JOB, data, opts: { jobId, deduplication: { id: rotationDedupId(target.name) } } };
}

/**
 * Pages through every key and enqueues one rotation per due key, in batches (`addBulk`), so memory
 * stays flat however many keys there are. The job id is derived from the key id and its expiry, so
 * overlapping scans (or several rotator processes) enqueue each rotation once.
 *
 * Live successors and live retired keys are the traces of a rotation whose job was lost: their
 * logical keys are collected (a handful) and, after the pass, one more listing finds each one's
 * keys and enqueues the job that finishes it. Last, rotations needing attention whose next try has
 * come are tried again (see `needs-attention.ts`).
 */
export async function scanAndEnqueue(options: {
  keys: KeyService;
  queue: Queue<RotationJobData>;
  settings: PolicySettings;
  now: () => number;
  batchSize?: number;
  /** When to try needs-attention rotations again; `onExpired` hears of each whose key expired. */
  healing?: HealingPolicy & { onExpired?: (job: { id?: string; data: RotationJobData }) => void };
}): Promise<ScanReport> {
  const startedAt = options.now();
  const batchSize = options.batchSize ?? 500;
  let batch: ReturnType<typeof rotationJob>[] = [];
  let scanned = 0;
  let due = 0;
  let skipped = 0;
  const halfDone = new Set<string>();
  const flush = async () => {
    if (batch.length === 0) return;
    await options.queue.addBulk(batch);
    batch = [];
  };
  for await (const key of options.keys.listKeys()) {
    scanned++;
    const entry = planKey(key, startedAt, options.settings);
    if (entry.decision === "skip") skipped++;
    if (entry.decision === "resume") halfDone.add(logicalNameOf(key.name));
    if (entry.decision !== "rotate") continue;
    due++;
    batch.push(rotationJob({ keyId: key.id, name: key.name, expiresAt: key.expiresAt }, entry.jobId));
    if (batch.length >= batchSize) await flush();
  }
  await flush();

  let resumed = 0;
  for (const family of (await findFamilies(options.keys, halfDone)).values()) {
    const target = targetOf(family);
    if (!target) continue;
    resumed++;
    batch.push(rotationJob(target, resumeJobId(target.keyId)));
  }
  await flush();

  const healed = await healNeedsAttention(options.queue, {
    ...(options.healing ?? { retryFailedAfterMs: DEFAULT_RETRY_FAILED_AFTER_MS }),
    now: options.now(),
  });
  return {
    scanned,
    due,
    resumed,
    retried: healed.retried,
    expiredNeedingAttention: healed.expired,
    skipped,
    startedAt,
    finishedAt: options.now(),
  };
}
