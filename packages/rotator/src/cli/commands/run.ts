import type { Telemetry } from "bullmq";
import { startHealthServer } from "../../observability/health.js";
import { describeRedisTarget } from "../../queue/connection.js";
import { startRotatorFromConfig } from "../../wiring.js";
import type { CommandContext } from "../context.js";

/**
 * `run` (scheduler + scans + rotations) and `worker` (rotations only): run until SIGTERM/SIGINT,
 * then stop taking jobs, let the current step finish (or checkpoint) within KEYWARDEN_SHUTDOWN_TIMEOUT, close Redis.
 */
export async function runCommand(
  ctx: CommandContext,
  mode: "run" | "worker",
  /** BullMQ's telemetry, when the environment turned tracing on. */
  telemetry?: Telemetry,
): Promise<number> {
  const { config, logger } = ctx;
  const { runtime, metrics } = await startRotatorFromConfig(config, {
    connection: await ctx.redis(),
    logger,
    services: ctx.services(),
    schedule: mode === "run",
    telemetry,
  });
  const health =
    config.metricsPort > 0
      ? await startHealthServer({
          port: config.metricsPort,
          host: config.metricsHost,
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
      redis: describeRedisTarget(config),
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
  const outcome = await runtime.stop(config.shutdownTimeoutMs);
  await health?.close();
  // A forced stop (Redis down or hanging past KEYWARDEN_SHUTDOWN_TIMEOUT) is not a clean exit: say so.
  return outcome === "graceful" ? 0 : 1;
}
