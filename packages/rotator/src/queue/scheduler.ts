import { type Job, type Queue, type Telemetry, Worker } from "bullmq";
import { Cron } from "croner";
import type { RedisConnection } from "./connection.js";
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

/**
 * Start of the schedule slot `now` falls in: the latest cron tick at or before `now` (UTC), epoch
 * ms. A schedule that never fired before `now` gives the start of the current minute.
 */
export function scheduleSlot(schedule: string, now: number): number {
  const [previous] = new Cron(schedule, { paused: true, timezone: "UTC" }).previousRuns(1, new Date(now + 1));
  return previous ? previous.getTime() : Math.floor(now / 60_000) * 60_000;
}

/** Job id of the start-up scan: the same for every process that starts within one schedule slot. */
export function startupScanJobId(schedule: string, now: number): string {
  // BullMQ job ids must not contain ":" nor be all digits.
  return `startup-scan-${scheduleSlot(schedule, now)}`;
}

/**
 * Enqueues one scan when a `run` process starts, so the keys-due and last-scan metrics do not wait
 * for the first cron tick (up to a whole interval). The job id names the schedule slot, so any
 * number of processes starting within one slot enqueue a single scan (BullMQ ignores an `add`
 * whose job id exists; finished scans are kept, up to 50, so late starters are deduplicated too).
 * Returns the job id.
 */
export async function requestStartupScan(
  scans: Queue<ScanJobData>,
  schedule: string,
  now: number,
): Promise<string> {
  const jobId = startupScanJobId(schedule, now);
  await scans.add(SCAN_JOB, { reason: "startup" }, { jobId });
  return jobId;
}

/** A worker taking scan jobs one at a time and running `scan` for each. */
export function createScanWorker(options: {
  connection: RedisConnection;
  prefix: string;
  scan: (job: Job<ScanJobData>) => Promise<ScanReport>;
  autorun?: boolean;
  /** BullMQ's telemetry (bullmq-otel), only when tracing is on: without it BullMQ skips every span. */
  telemetry?: Telemetry | undefined;
}): Worker<ScanJobData, ScanReport> {
  return new Worker<ScanJobData, ScanReport>(SCAN_QUEUE, (job) => options.scan(job), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: 1,
    autorun: options.autorun ?? true,
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  });
}

/**
 * Keeps the schedule in Redis: a Redis that lost its data (restarted without persistence, flushed)
 * also lost the schedule, and with it every future scan, while the process looks healthy. This
 * checks that the schedule exists, and writes it again when it does not, each time the connection
 * is (re)established and every `intervalMs`. Errors (Redis down) are left to the connection's own
 * handling; the next check tries again.
 */
export function keepScansScheduled(
  scans: Queue<ScanJobData>,
  schedule: string,
  options: { connection: RedisConnection; intervalMs: number; onRestored: () => void },
): { stop(): void } {
  let checking = false;
  const check = () => {
    if (checking) return;
    checking = true;
    scans
      .getJobScheduler(SCAN_SCHEDULER_ID)
      .then(async (existing) => {
        if (existing) return;
        await scheduleScans(scans, schedule);
        options.onRestored();
      })
      .catch(() => undefined)
      .finally(() => {
        checking = false;
      });
  };
  const timer = setInterval(check, options.intervalMs);
  timer.unref();
  options.connection.on("ready", check);
  return {
    stop() {
      clearInterval(timer);
      options.connection.off("ready", check);
    },
  };
}
