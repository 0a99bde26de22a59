import { Queue, type Telemetry } from "bullmq";
import type { RedisConnection } from "./connection.js";
import type { RotationJobData, ScanJobData } from "./job-data.js";
import { ROTATION_QUEUE, SCAN_QUEUE } from "./names.js";

/** Retry and trimming policy of rotation jobs. */
export interface RotationJobPolicy {
  /** Attempts before a retryable failure becomes needs-attention. */
  readonly attempts: number;
  /** First backoff delay in ms; doubles each attempt, with jitter. */
  readonly backoffMs: number;
}

/**
 * The rotation jobs' policy unless configured (`ATTEMPTS`, `BACKOFF`): 8 attempts, backoff from 2 s
 * doubling each attempt (with jitter), so a transient outage of roughly 2 to 4 minutes is ridden out
 * before a rotation is marked needs-attention.
 */
export const DEFAULT_JOB_POLICY: RotationJobPolicy = { attempts: 8, backoffMs: 2_000 };

/** The two queues of a rotator: scans and rotations. */
export interface RotatorQueues {
  readonly rotations: Queue<RotationJobData>;
  readonly scans: Queue<ScanJobData>;
  close(): Promise<void>;
}

/**
 * Opens the queues. Rotation jobs retry with exponential backoff and jitter; completed jobs are
 * trimmed (a day, at most 1,000 kept) and failed ones — the needs-attention list — are kept longer.
 */
export function openQueues(options: {
  connection: RedisConnection;
  prefix: string;
  jobPolicy?: RotationJobPolicy;
  /** BullMQ's telemetry (bullmq-otel), only when tracing is on: without it BullMQ skips every span. */
  telemetry?: Telemetry | undefined;
}): RotatorQueues {
  const policy = options.jobPolicy ?? DEFAULT_JOB_POLICY;
  const telemetry = options.telemetry ? { telemetry: options.telemetry } : {};
  const rotations = new Queue<RotationJobData>(ROTATION_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
    ...telemetry,
    defaultJobOptions: {
      attempts: policy.attempts,
      backoff: { type: "exponential", delay: policy.backoffMs, jitter: 0.5 },
      removeOnComplete: { age: 86_400, count: 1_000 },
      removeOnFail: { age: 30 * 86_400, count: 10_000 },
    },
  });
  const scans = new Queue<ScanJobData>(SCAN_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
    ...telemetry,
    defaultJobOptions: { removeOnComplete: 50, removeOnFail: 50 },
  });
  return {
    rotations,
    scans,
    async close() {
      await Promise.all([rotations.close(), scans.close()]);
    },
  };
}
