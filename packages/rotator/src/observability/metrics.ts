import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** The rotator's Prometheus metrics, on their own registry. */
export interface RotatorMetrics {
  readonly registry: Registry;
  readonly rotations: Counter<"outcome">;
  readonly stepDuration: Histogram<"step" | "outcome">;
  readonly keysDue: Gauge;
  readonly keysScanned: Gauge;
  readonly lastScan: Gauge;
  readonly keysExpiredNeedingAttention: Gauge;
  readonly redisUp: Gauge;
  readonly queueJobs: Gauge<"state">;
  /** Webhook deliveries a receiver took (2xx), by event type. */
  readonly webhooksDelivered: Counter<"event">;
  /** Webhook delivery attempts that failed (non-2xx, timeout, connection error), by event type. */
  readonly webhookAttemptsFailed: Counter<"event">;
  /** Webhook deliveries given up after their last attempt (dead letters), by event type. */
  readonly webhooksDead: Counter<"event">;
}

/**
 * Creates the metrics. `readQueueCounts`, when given, fills `keywarden_rotation_queue_jobs` at each
 * scrape (waiting, active, delayed, failed...).
 */
export function createMetrics(
  readQueueCounts?: () => Promise<Record<string, number> | undefined>,
): RotatorMetrics {
  const registry = new Registry();
  const rotations = new Counter({
    name: "keywarden_rotations_total",
    help: "Rotation job outcomes: rotated, not-due, nothing-to-do, retried, rate-limited, needs-attention.",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const stepDuration = new Histogram({
    name: "keywarden_rotation_step_duration_seconds",
    help: "Duration of each rotation step (observe, create, generate, store, verify, grace, revoke, rename).",
    labelNames: ["step", "outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const keysDue = new Gauge({
    name: "keywarden_keys_due",
    help: "Keys due for rotation at the last scan.",
    registers: [registry],
  });
  const keysScanned = new Gauge({
    name: "keywarden_keys_scanned",
    help: "Keys seen by the last scan.",
    registers: [registry],
  });
  const lastScan = new Gauge({
    name: "keywarden_last_scan_timestamp_seconds",
    help: "When the last scan finished (Unix seconds).",
    registers: [registry],
  });
  const keysExpiredNeedingAttention = new Gauge({
    name: "keywarden_keys_expired_needing_attention",
    help: "Keys that expired while their rotation needs attention, at the last scan (apps using them now fail).",
    registers: [registry],
  });
  const redisUp = new Gauge({
    name: "keywarden_redis_up",
    help: "1 while this process reaches Redis, 0 while it does not (queue gauges then keep their last values).",
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: "keywarden_rotation_queue_jobs",
    help: "Rotation jobs by state (waiting, active, delayed, completed, failed = needs-attention).",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      // Undefined while Redis is away: the last known values stay, and a scrape never waits on Redis.
      const counts = await readQueueCounts?.();
      for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
    },
  });
  // By event type only (five values): a receiver's URL may carry a token, and its origin is in the logs.
  const webhooksDelivered = new Counter({
    name: "keywarden_webhooks_delivered_total",
    help: "Webhook deliveries a receiver took (2xx), by event type.",
    labelNames: ["event"] as const,
    registers: [registry],
  });
  const webhookAttemptsFailed = new Counter({
    name: "keywarden_webhook_attempts_failed_total",
    help: "Webhook delivery attempts that failed (non-2xx, timeout, connection error; retried until the last), by event type.",
    labelNames: ["event"] as const,
    registers: [registry],
  });
  const webhooksDead = new Counter({
    name: "keywarden_webhooks_dead_total",
    help: "Webhook deliveries given up after their last attempt (dead letters, listed by status), by event type.",
    labelNames: ["event"] as const,
    registers: [registry],
  });
  return {
    registry,
    rotations,
    stepDuration,
    keysDue,
    keysScanned,
    lastScan,
    keysExpiredNeedingAttention,
    redisUp,
    queueJobs,
    webhooksDelivered,
    webhookAttemptsFailed,
    webhooksDead,
  };
}
