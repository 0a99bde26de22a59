// The rotator as `keywarden-rotator run` builds it (configuration from environment variables,
// services from the configuration, the runtime's scan and worker), run in the benchmark's process
// against a standalone mock, on real Redis under a queue prefix of its own.
import { randomUUID } from "node:crypto";
import { loadConfig } from "../../../packages/rotator/src/config.js";
import { createLogger } from "../../../packages/rotator/src/observability/logger.js";
import { createRedisConnection } from "../../../packages/rotator/src/queue/connection.js";
import type { ScanReport } from "../../../packages/rotator/src/queue/scan.js";
import type { RotatorRuntime } from "../../../packages/rotator/src/runtime.js";
import { startRotatorFromConfig } from "../../../packages/rotator/src/wiring.js";

type Redis = ReturnType<typeof createRedisConnection>;

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** One rotator process's worth of parts, started on a fresh queue prefix. */
export interface BenchRotator {
  readonly runtime: RotatorRuntime;
  readonly connection: Redis;
  readonly prefix: string;
  /** Runs one scan, then resolves when every rotation it queued has finished (or `timeoutMs` passed). */
  scanAndDrain(timeoutMs: number): Promise<DrainReport>;
  /**
   * Stops the runtime as `keywarden-rotator` stops it (its configured shutdown deadline), then deletes
   * every Redis key under the prefix; says how the stop went and how long it took.
   */
  close(): Promise<StopReport>;
}

/** How the runtime stopped: within its deadline ("graceful") or by force, and in how many ms. */
export interface StopReport {
  outcome: "graceful" | "forced";
  ms: number;
}

/** What one scan-and-drain did. */
export interface DrainReport {
  scan: ScanReport;
  completed: number;
  failed: number;
  /** Seconds from the start of the scan to the last finished rotation. */
  seconds: number;
  timedOut: boolean;
}

/** A queue prefix no other run uses (hash-tagged, as the default). */
export function freshPrefix(): string {
  return `{kwbench-${randomUUID().slice(0, 8)}}`;
}

/** The rotator's configuration, from the same environment variables an operator would set. */
export function benchRotatorConfig(options: {
  mockUrl: string;
  prefix: string;
  concurrency?: number;
  logLevel?: string;
}) {
  return loadConfig({
    KEYWARDEN_URL: options.mockUrl,
    KEYWARDEN_USERNAME: "admin",
    KEYWARDEN_PASSWORD: "admin",
    VAULT_ADDR: options.mockUrl,
    VAULT_TOKEN: "root",
    REDIS_URL,
    KEYWARDEN_QUEUE_PREFIX: options.prefix,
    KEYWARDEN_GRACE_PERIOD: "0s",
    KEYWARDEN_CONCURRENCY: String(options.concurrency ?? 4),
    KEYWARDEN_METRICS_PORT: "0",
    KEYWARDEN_LOG_LEVEL: options.logLevel ?? "info",
  });
}

/** Logs go through the real logger (same level and redaction as `run`), into a sink. */
const discard = { write: (_line: string) => undefined };

/**
 * Starts the rotator against `mockUrl` (key service and Vault emulation on one origin) with the
 * given worker concurrency and grace period 0; the scan is started by {@link BenchRotator.scanAndDrain}.
 */
export async function startBenchRotator(options: {
  mockUrl: string;
  concurrency: number;
  logLevel?: string;
}): Promise<BenchRotator> {
  const prefix = freshPrefix();
  const config = benchRotatorConfig({ ...options, prefix });
  const logger = createLogger({ level: config.logLevel, destination: discard });
  const connection = createRedisConnection(config.redisUrl);
  // As `keywarden-rotator worker` starts it (no schedule: the benchmark triggers the scan itself).
  const { runtime: started } = await startRotatorFromConfig(config, { connection, logger, schedule: false });

  let completed = 0;
  let failed = 0;
  let lastFinished = 0;
  started.rotationWorker.on("completed", () => {
    completed++;
    lastFinished = performance.now();
  });
  started.rotationWorker.on("failed", (job, error) => {
    const final = !job || error.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) return;
    failed++;
    lastFinished = performance.now();
  });

  return {
    runtime: started,
    connection,
    prefix,
    async scanAndDrain(timeoutMs) {
      completed = 0;
      failed = 0;
      const t0 = performance.now();
      lastFinished = t0;
      const scan = await started.scanNow();
      const deadline = t0 + timeoutMs;
      while (completed + failed < scan.due && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return {
        scan,
        completed,
        failed,
        seconds: (lastFinished - t0) / 1000,
        timedOut: completed + failed < scan.due,
      };
    },
    async close() {
      const stopping = performance.now();
      const outcome = await started.stop(config.shutdownTimeoutMs);
      const ms = performance.now() - stopping;
      // A forced stop disconnects the runtime's connection, commands queued on it included: clean up
      // on a connection of our own so a slow stop is reported, not turned into a crash of the bench.
      const cleaner = outcome === "graceful" ? connection : createRedisConnection(config.redisUrl);
      await deleteKeysUnder(cleaner, prefix);
      await cleaner.quit();
      return { outcome, ms };
    },
  };
}

/** Deletes every Redis key under `prefix` (the benchmark's queues). */
export async function deleteKeysUnder(connection: Redis, prefix: string): Promise<void> {
  const stream = connection.scanStream({ match: `${prefix}*`, count: 1000 });
  for await (const keys of stream as AsyncIterable<string[]>) {
    if (keys.length > 0) await connection.del(...keys);
  }
}
