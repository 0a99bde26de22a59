/**
 * What {@link startRotator} takes and hands back: the runtime's settings and the handle the CLI,
 * the demo and the tests hold.
 */
import type { Telemetry, Worker } from "bullmq";
import type { Logger } from "./observability/logger.js";
import type { RotatorMetrics } from "./observability/metrics.js";
import type { RateLimitBounds } from "./queue/classify-failure.js";
import type { RedisConnection } from "./queue/connection.js";
import type { HealingPolicy } from "./queue/needs-attention.js";
import type { RotationJobPolicy, RotatorQueues } from "./queue/queues.js";
import type { ScanReport } from "./queue/scan.js";
import type { startRotator } from "./runtime.js";
import type { WebhookRuntime } from "./webhooks/runtime.js";
import type { RotatorServices } from "./wiring.js";

/** Settings of {@link startRotator}. */
export interface RotatorRuntimeOptions {
  /** The key service and Vault ports and the policy settings (see `servicesFromConfig`). */
  readonly services: RotatorServices;
  /** The Redis or Redis Cluster connection shared by the queues and workers; `stop` does not close it. */
  readonly connection: RedisConnection;
  /** BullMQ key prefix shared by every rotator process on this Redis (hash-tagged for Cluster). */
  readonly prefix: string;
  /** Where the one-line-per-step JSON logs go. */
  readonly logger: Logger;
  /** Prometheus metrics to update (rotations, step durations, keys due, last scan); none when absent. */
  readonly metrics?: RotatorMetrics;
  /** Rotations run at once by this process. */
  readonly concurrency: number;
  /** Rotations started per second at most, across all processes (BullMQ limiter); none when absent. */
  readonly rateLimitPerSecond?: number | undefined;
  /** Attempts and backoff of rotation jobs; default `DEFAULT_JOB_POLICY` (queue/queues.ts). */
  readonly jobPolicy?: RotationJobPolicy;
  /**
   * Cron schedule of scans (UTC); when set, this process also schedules and runs scans, and
   * enqueues one scan at start (once per schedule slot across processes; see `scanAtStart`).
   */
  readonly schedule?: string | undefined;
  /** With a `schedule`: enqueue a scan at start instead of waiting for the first tick. Default true. */
  readonly scanAtStart?: boolean;
  /** Run scan jobs in this process (default: when `schedule` is set). */
  readonly scans?: boolean;
  /** The clock (epoch ms); tests inject a fake one. Default `Date.now`. */
  readonly now?: () => number;
  /** Worker lock and stall-check tuning (tests shorten them to resume crashed jobs quickly). */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** A claim's lease (see `rotation/claim.ts`); tests shorten it so a killed run's claim lapses quickly. */
  readonly leaseTtlMs?: number;
  /** When scans try needs-attention rotations again; default: a transient failure after 1 h. */
  readonly healing?: HealingPolicy;
  /** How often a `run` process checks that the scan schedule still exists in Redis. Default 5 s. */
  readonly scheduleCheckIntervalMs?: number;
  /** Caps on the pauses 429s impose (see `classifyFailure`). */
  readonly rateLimits?: Omit<RateLimitBounds, "spentMs">;
  /**
   * BullMQ's telemetry for producer and consumer spans of every queue and worker (bullmq-otel; see
   * `startOtlpTracing`). Give it only when tracing is on: without it BullMQ makes no tracing call.
   */
  readonly telemetry?: Telemetry | undefined;
}

/** A started rotator: its queues and workers, a scan on demand, readiness, and a graceful stop. */
export interface RotatorRuntime {
  /** The rotation and scan queues (e.g. for job counts). */
  readonly queues: RotatorQueues;
  /** The BullMQ worker running rotations. */
  readonly rotationWorker: Worker;
  /** The BullMQ worker running scan jobs; undefined when this process runs no scans (`worker` mode). */
  readonly scanWorker: Worker | undefined;
  /** The webhook outbox, queue and delivery worker; undefined when webhooks are not configured. */
  readonly webhooks: WebhookRuntime | undefined;
  /** Runs one scan in this process now and returns what it did. */
  scanNow(): Promise<ScanReport>;
  /** True while Redis answers and the workers run; answers within a second whatever Redis does. */
  isReady(): Promise<boolean>;
  /** Whether this process reaches Redis now (from the connection's events). */
  redisUp(): boolean;
  /** The rotation queue's job counts, or undefined when Redis does not answer within a second. */
  readQueueCounts(): Promise<Record<string, number> | undefined>;
  /**
   * Graceful stop: no new jobs, current rotations stop at a step boundary, Redis closed. Past the
   * deadline (Redis down or hanging) the connection is dropped: `forced`.
   */
  stop(deadlineMs: number): Promise<"graceful" | "forced">;
}
