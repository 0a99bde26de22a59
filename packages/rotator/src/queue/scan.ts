import type { Queue } from "bullmq";
import type { KeyService } from "../ports.js";
import { planKey } from "../rotation/plan.js";
import type { PolicySettings } from "../rotation/policy.js";
import type { RotationJobData } from "./job-data.js";
import { ROTATE_JOB } from "./names.js";

/** What one scan saw and did. */
export interface ScanReport {
  readonly scanned: number;
  readonly due: number;
  readonly skipped: number;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** The job id and data of a rotation, as the scan enqueues it. */
export function rotationJob(key: { id: string; name: string; expiresAt: number | null }, jobId: string) {
  const data: RotationJobData = { keyId: key.id, name: key.name, expiresAt: key.expiresAt };
  return { name: ROTATE_JOB, data, opts: { jobId } };
}

/**
 * Pages through every key and enqueues one rotation per due key, in batches (`addBulk`), so memory
 * stays flat however many keys there are. The job id is derived from the key id and its expiry, so
 * overlapping scans (or several rotator processes) enqueue each rotation once.
 */
export async function scanAndEnqueue(options: {
  keys: KeyService;
  queue: Queue<RotationJobData>;
  settings: PolicySettings;
  now: () => number;
  batchSize?: number;
}): Promise<ScanReport> {
  const startedAt = options.now();
  const batchSize = options.batchSize ?? 500;
  let batch: ReturnType<typeof rotationJob>[] = [];
  let scanned = 0;
  let due = 0;
  let skipped = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await options.queue.addBulk(batch);
    batch = [];
  };
  for await (const key of options.keys.listKeys()) {
    scanned++;
    const entry = planKey(key, startedAt, options.settings);
    if (entry.decision === "skip") skipped++;
    if (entry.decision !== "rotate") continue;
    due++;
    batch.push(rotationJob(key, entry.jobId));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { scanned, due, skipped, startedAt, finishedAt: options.now() };
}
