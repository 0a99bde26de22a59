/**
 * Starts the moving parts on one Redis: the queues, the scan schedule and scan worker (`run` mode),
 * and the rotation worker. `stop` shuts them down gracefully.
 */
import { randomUUID } from "node:crypto";
import type { Worker } from "bullmq";
import { redactCredentials } from "./observability/redact.js";
import { watchRedis } from "./observability/redis-health.js";
import { combineObservers, observeRotations } from "./observability/rotation-observer.js";
import { startScanSpan } from "./observability/tracing.js";
import { createRedisKeyLease } from "./queue/key-lease.js";
import { DEFAULT_RETRY_FAILED_AFTER_MS } from "./queue/needs-attention.js";
import { keepOwnKeyRegistered, redisOwnKeyRegistry } from "./queue/own-keys.js";
import { openQueues } from "./queue/queues.js";
import { createRotationWorker, stopWorker } from "./queue/rotation-worker.js";
import { type ScanReport, scanAndEnqueue } from "./queue/scan.js";
import {
  createScanWorker,
  keepScansScheduled,
  requestStartupScan,
  scheduleScans,
} from "./queue/scheduler.js";
import type { RotatorRuntime, RotatorRuntimeOptions } from "./runtime-contract.js";
import { NO_WEBHOOKS } from "./webhooks/outbox.js";
import { rotationWebhooks, scanEvent } from "./webhooks/rotation-events.js";
import { startWebhooks } from "./webhooks/runtime.js";
import { within } from "./within.js";

export type { RotatorRuntime, RotatorRuntimeOptions } from "./runtime-contract.js";

/** How long a health probe or a scrape may wait on Redis. */
const PROBE_MS = 1_000;

/** Starts the rotator's queues and workers. */
export async function startRotator(options: RotatorRuntimeOptions): Promise<RotatorRuntime> {
  const { services, connection, prefix, logger, metrics } = options;
  const now = options.now ?? (() => Date.now());
  const redis = watchRedis(connection, logger, (up) => metrics?.redisUp.set(up ? 1 : 0));
  const healing = createRedisKeyLease(connection, prefix);
  const queues = openQueues({
    connection,
    prefix,
    ...(options.jobPolicy ? { jobPolicy: options.jobPolicy } : {}),
    telemetry: options.telemetry,
  });
  redis.watch("rotation queue", queues.rotations);
  redis.watch("scan queue", queues.scans);
  const webhooks = services.webhooks
    ? startWebhooks(services.webhooks, {
        connection,
        prefix,
        logger,
        deliver: true,
        lockDurationMs: options.lockDurationMs,
        stalledIntervalMs: options.stalledIntervalMs,
        telemetry: options.telemetry,
        metrics,
      })
    : undefined;
  const outbox = webhooks?.outbox ?? NO_WEBHOOKS;
  if (webhooks) {
    redis.watch("webhook queue", webhooks.queue);
    if (webhooks.worker) redis.watch("webhook worker", webhooks.worker);
  }

  const emitIfAny = (event: ReturnType<typeof scanEvent>) => {
    if (event) outbox.emit(event);
  };
  const scanNow = async (): Promise<ScanReport> => {
    const span = startScanSpan("scan");
    const report = await span
      .within(() =>
        scanAndEnqueue({
          scanTrace: span.ref,
          keys: services.keys,
          secrets: services.secrets,
          queue: queues.rotations,
          settings: services.settings,
          now,
          ...(webhooks ? { onEntry: (entry, at) => emitIfAny(scanEvent(entry, at)) } : {}),
          healing: {
            ...(options.healing ?? { retryFailedAfterMs: DEFAULT_RETRY_FAILED_AFTER_MS }),
            claim: (jobId) => healing.acquire(`heal:${jobId}`, randomUUID(), 60_000),
            onExpired: (job) =>
              logger.error(
                {
                  event: "key.expired_needing_attention",
                  jobId: job.id,
                  keyId: job.data.keyId,
                  name: job.data.name,
                  expiresAt: job.data.expiresAt === null ? null : new Date(job.data.expiresAt).toISOString(),
                  reason: job.data.needsAttention,
                },
                `key "${job.data.name}" expired while its rotation needs attention`,
              ),
          },
        }),
      )
      .then(
        (done) => {
          span.end();
          return done;
        },
        (error: unknown) => {
          span.end(error);
          throw error;
        },
      );
    reportScan(report);
    logger.info(
      { event: "scan.finished", ...report, durationMs: report.finishedAt - report.startedAt },
      `scan: ${report.due} of ${report.scanned} keys due, ${report.resumed} half-done rotations resumed, ${report.retried} needing attention tried again`,
    );
    return report;
  };

  function reportScan(report: ScanReport): void {
    metrics?.keysExpiredNeedingAttention.set(report.expiredNeedingAttention);
    metrics?.keysDue.set(report.due);
    metrics?.keysScanned.set(report.scanned);
    metrics?.lastScan.set(report.finishedAt / 1000);
  }

  const rotationWorker = createRotationWorker({
    connection,
    prefix,
    keys: services.keys,
    secrets: services.secrets,
    settings: services.settings,
    canAuthenticateFrom: services.canAuthenticateFrom,
    ...(services.ownKey ? { ownKey: services.ownKey } : {}),
    concurrency: options.concurrency,
    rateLimitPerSecond: options.rateLimitPerSecond,
    now,
    observer: webhooks
      ? combineObservers(observeRotations(logger, metrics), rotationWebhooks(outbox, now))
      : observeRotations(logger, metrics),
    ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
    ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}),
    ...(options.healing?.configFingerprint ? { configFingerprint: options.healing.configFingerprint } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    telemetry: options.telemetry,
  });
  redis.watch("rotation worker", rotationWorker);

  let scanWorker: Worker | undefined;
  if (options.scans ?? options.schedule !== undefined) {
    scanWorker = createScanWorker({
      connection,
      prefix,
      scan: () => scanNow(),
      telemetry: options.telemetry,
    });
    redis.watch("scan worker", scanWorker);
  }
  // Every process says which key it runs with, so no process's rotation retires it (own-keys.ts).
  const ownKeyBeat = services.ownKey
    ? keepOwnKeyRegistered(redisOwnKeyRegistry(connection, prefix), services.ownKey, {
        intervalMs: 10_000,
        onError: (error) =>
          logger.debug(
            {
              event: "own-key.unregistered",
              err: redactCredentials(String((error as Error)?.message ?? error)),
            },
            "could not register the key this process runs with yet",
          ),
      })
    : undefined;
  let scheduleKeeper: { stop(): void } | undefined;
  if (options.schedule) {
    await scheduleScans(queues.scans, options.schedule);
    logger.info({ event: "schedule.upserted", schedule: options.schedule }, "scans scheduled (UTC)");
    const schedule = options.schedule;
    scheduleKeeper = keepScansScheduled(queues.scans, schedule, {
      connection,
      intervalMs: options.scheduleCheckIntervalMs ?? 5_000,
      onRestored: () =>
        logger.warn(
          { event: "schedule.restored", schedule },
          "the scan schedule was gone from Redis (its data was lost?); scheduled again",
        ),
    });
    if (options.scanAtStart ?? true) {
      const asked = now();
      const jobId = await requestStartupScan(queues.scans, options.schedule, asked);
      // One scan per schedule slot, whoever starts: a restart within the slot finds the scan already
      // run, and reports its figures instead of none (0) until the next tick.
      const earlier = await queues.scans.getJob(jobId);
      const ran = earlier && earlier.timestamp < asked ? (earlier.returnvalue as ScanReport | null) : null;
      if (ran && typeof ran.finishedAt === "number") {
        reportScan(ran);
        logger.info(
          {
            event: "scan.requested",
            reason: "startup",
            jobId,
            finishedAt: new Date(ran.finishedAt).toISOString(),
          },
          `this schedule slot's scan already ran (finished ${new Date(ran.finishedAt).toISOString()}): its figures are reported until the next`,
        );
      } else {
        logger.info({ event: "scan.requested", reason: "startup", jobId }, "scan at start requested");
      }
    }
  }

  return {
    queues,
    rotationWorker,
    scanWorker,
    webhooks,
    scanNow,
    redisUp: () => redis.isUp(),
    async isReady() {
      // A command sent while Redis is away waits in ioredis's queue: never let a probe wait on it.
      if (!redis.isUp() || !rotationWorker.isRunning()) return false;
      return (await within(PROBE_MS, connection.ping(), "")) === "PONG";
    },
    readQueueCounts: () =>
      redis.isUp()
        ? within(
            PROBE_MS,
            queues.rotations.getJobCounts("waiting", "active", "delayed", "completed", "failed"),
            undefined,
          )
        : Promise.resolve(undefined),
    async stop(deadlineMs) {
      scheduleKeeper?.stop();
      ownKeyBeat?.stop();
      // Connections closed on purpose from here on: not an outage to report.
      redis.closing();
      logger.info(
        { event: "shutdown.start", deadlineMs },
        "stopping: no new jobs, finishing the current step",
      );
      const stopping = (async () => {
        const results = await Promise.all([
          stopWorker(rotationWorker, deadlineMs),
          scanWorker ? stopWorker(scanWorker, deadlineMs) : Promise.resolve("graceful" as const),
          webhooks ? webhooks.stop(deadlineMs) : Promise.resolve("graceful" as const),
        ]);
        await queues.close();
        return results.every((result) => result === "graceful") ? ("graceful" as const) : ("forced" as const);
      })();
      // Whatever Redis does (down, hanging), the process stops by the deadline.
      const outcome = await within(deadlineMs, stopping, "forced" as const);
      if (outcome === "forced") connection.disconnect();
      logger.info(
        { event: "shutdown.done", outcome },
        outcome === "graceful" ? "stopped" : "stopped by force",
      );
      return outcome;
    },
  };
}
