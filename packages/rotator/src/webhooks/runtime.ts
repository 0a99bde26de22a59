/**
 * The webhook side of a running rotator: the outbox rotations and scans hand events to, and (in a
 * `run` or `worker` process) the worker that delivers them. Both share the rotator's Redis and
 * prefix; deliveries are jobs of their own, so a slow receiver holds up a delivery slot, never a
 * rotation.
 */
import type { Queue, Telemetry, Worker } from "bullmq";
import type { WebhookConfig } from "../config/types.js";
import type { Logger } from "../observability/logger.js";
import type { RedisConnection } from "../queue/connection.js";
import { stopWorker } from "../queue/rotation-worker.js";
import { createWebhookWorker, type WebhookMetrics } from "./delivery.js";
import {
  createWebhookOutbox,
  openWebhookQueue,
  type WebhookJobData,
  type WebhookOutbox,
  webhookEndpoints,
} from "./outbox.js";

/** What webhooks need from the composition root: the settings, the HTTP stack, the secret. */
export interface WebhookServices {
  readonly config: WebhookConfig;
  /** The rotator's HTTP stack's fetch (deadlines, same-origin redirects only). */
  readonly fetch: typeof globalThis.fetch;
  readonly secret: () => Promise<string>;
}

/** The started webhook parts. */
export interface WebhookRuntime {
  readonly outbox: WebhookOutbox;
  readonly queue: Queue<WebhookJobData>;
  /** The delivery worker; undefined in a process that only enqueues (`rotate`). */
  readonly worker: Worker<WebhookJobData> | undefined;
  /** Flushes the outbox, stops the worker, closes the queue; never past `deadlineMs`. */
  stop(deadlineMs: number): Promise<"graceful" | "forced">;
}

/** Opens the outbox and, with `deliver`, starts delivering. */
export function startWebhooks(
  services: WebhookServices,
  options: {
    readonly connection: RedisConnection;
    readonly prefix: string;
    readonly logger: Logger;
    readonly deliver: boolean;
    readonly lockDurationMs?: number | undefined;
    readonly stalledIntervalMs?: number | undefined;
    /** BullMQ's telemetry (bullmq-otel), only when tracing is on: without it BullMQ skips every span. */
    readonly telemetry?: Telemetry | undefined;
    /** Delivery counters (the process's `/metrics`); none when absent. */
    readonly metrics?: WebhookMetrics | undefined;
  },
): WebhookRuntime {
  const logger = options.logger.child({ component: "webhooks" });
  const endpoints = webhookEndpoints(services.config.urls);
  const queue = openWebhookQueue(options.connection, options.prefix, options.telemetry);
  const outbox = createWebhookOutbox({
    queue,
    endpoints,
    events: services.config.events,
    attempts: services.config.attempts,
    backoffMs: services.config.backoffMs,
    logger,
  });
  const worker = options.deliver
    ? createWebhookWorker({
        connection: options.connection,
        prefix: options.prefix,
        endpoints,
        secret: services.secret,
        fetch: services.fetch,
        logger,
        telemetry: options.telemetry,
        metrics: options.metrics,
        ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
        ...(options.stalledIntervalMs ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
      })
    : undefined;
  return {
    outbox,
    queue,
    worker,
    async stop(deadlineMs) {
      const started = Date.now();
      // Events handed over just before the stop are queued if Redis answers within a second.
      await outbox.settle(Math.min(1_000, deadlineMs));
      const left = Math.max(0, deadlineMs - (Date.now() - started));
      const outcome = worker ? await stopWorker(worker, left) : "graceful";
      await queue.close();
      return outcome;
    },
  };
}
