import { startHealthServer } from "../../observability/health.js";
import { createMetrics } from "../../observability/metrics.js";
import { startRotator } from "../../runtime.js";
import type { CommandContext } from "../context.js";

/**
 * `run` (scheduler + scans + rotations) and `worker` (rotations only): run until SIGTERM/SIGINT,
 * then stop taking jobs, let the current step finish (or checkpoint) within SHUTDOWN_TIMEOUT, close Redis.
 */
export async function runCommand(ctx: CommandContext, mode: "run" | "worker"): Promise<number> {
  const { config, logger } = ctx;
  const services = ctx.services();
  const connection = await ctx.redis();
  let readCounts: (() => Promise<Record<string, number>>) | undefined;
  const metrics = createMetrics(() => readCounts?.() ?? Promise.resolve({}));
  const runtime = await startRotator({
    services,
    connection,
    prefix: config.queuePrefix,
    logger,
    metrics,
    concurrency: config.concurrency,
    rateLimitPerSecond: config.rateLimit,
    jobPolicy: { attempts: config.attempts, backoffMs: config.backoffMs },
    ...(mode === "run" ? { schedule: config.schedule } : {}),
  });
  readCounts = () =>
    runtime.queues.rotations.getJobCounts("waiting", "active", "delayed", "completed", "failed");
  const health =
    config.metricsPort > 0
      ? await startHealthServer({
          port: config.metricsPort,
          registry: metrics.registry,
          isReady: () => runtime.isReady(),
        })
      : undefined;
  logger.info(
    {
      event: "started",
      mode,
      concurrency: config.concurrency,
      prefix: config.queuePrefix,
      metricsPort: health?.port,
    },
    `keywarden-rotator ${mode} started`,
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ event: "signal", signal }, `received ${signal}`);
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  await runtime.stop(config.shutdownTimeoutMs);
  await health?.close();
  return 0;
}
