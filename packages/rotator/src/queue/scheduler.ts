import { type Job, type Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ScanJobData } from "./job-data.js";
import { SCAN_JOB, SCAN_QUEUE, SCAN_SCHEDULER_ID } from "./names.js";
import type { ScanReport } from "./scan.js";

/**
 * Makes BullMQ fire a scan job on the cron `schedule` (UTC). Upserting is idempotent, so every
 * process may call it at every start; any number of processes share one schedule.
 */
export async function scheduleScans(scans: Queue<ScanJobData>, schedule: string): Promise<void> {
  await scans.upsertJobScheduler(
    SCAN_SCHEDULER_ID,
    { pattern: schedule, tz: "UTC" },
    { name: SCAN_JOB, data: { reason: "schedule" }, opts: { removeOnComplete: 50, removeOnFail: 50 } },
  );
}

/** Enqueues one scan now (the `scan` command). */
export async function requestScan(scans: Queue<ScanJobData>): Promise<void> {
  await scans.add(SCAN_JOB, { reason: "manual" });
}

/** A worker taking scan jobs one at a time and running `scan` for each. */
export function createScanWorker(options: {
  connection: Redis;
  prefix: string;
  scan: (job: Job<ScanJobData>) => Promise<ScanReport>;
  autorun?: boolean;
}): Worker<ScanJobData, ScanReport> {
  return new Worker<ScanJobData, ScanReport>(SCAN_QUEUE, (job) => options.scan(job), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: 1,
    autorun: options.autorun ?? true,
  });
}
