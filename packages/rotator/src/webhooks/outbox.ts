/**
 * Puts events on the webhook queue, one BullMQ job per event and receiver, and never makes the
 * caller wait: a rotation hands its event over and goes on, whatever Redis or the receivers do.
 * The job id is the event's id and the receiver's, so the same event noticed twice (a resumed
 * rotation, a second scan) is one job while the first is kept.
 */
import { createHash } from "node:crypto";
import { Queue, type Telemetry } from "bullmq";
import type { Logger } from "../observability/logger.js";
import { redactCredentials } from "../observability/redact.js";
import type { RedisConnection } from "../queue/connection.js";
import { within } from "../within.js";
import type { WebhookEvent, WebhookEventType, WebhookMessage } from "./events.js";

/** Queue holding one delivery job per event and receiver. */
export const WEBHOOK_QUEUE = "webhooks";

/** Job name of a delivery. */
export const DELIVER_JOB = "deliver";

/** A receiver, known to jobs by `id` only: a URL may carry a token, and job data is clear text. */
export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  /** For logs and `status`: scheme, host and port only. */
  readonly origin: string;
}

/** The data of a delivery job: the event's id and message, and which receiver. Never a secret. */
export interface WebhookJobData {
  readonly eventId: string;
  readonly endpoint: string;
  readonly origin: string;
  readonly message: WebhookMessage;
}

/** The receivers of a list of URLs. */
export function webhookEndpoints(urls: readonly string[]): WebhookEndpoint[] {
  return urls.map((url) => ({
    id: createHash("sha256").update(url).digest("hex").slice(0, 12),
    url,
    origin: new URL(url).origin,
  }));
}

/** Opens the webhook queue (also for `status` and `cleanup`, which only read it). */
export function openWebhookQueue(
  connection: RedisConnection,
  prefix: string,
  telemetry?: Telemetry,
): Queue<WebhookJobData> {
  return new Queue<WebhookJobData>(WEBHOOK_QUEUE, {
    connection,
    prefix,
    // BullMQ's telemetry (bullmq-otel), only when tracing is on: without it BullMQ skips every span.
    ...(telemetry ? { telemetry } : {}),
    // Kept a week after delivery so a repeat of the event within it is dropped at enqueue; dead
    // letters (failed jobs) a month, for `status`.
    defaultJobOptions: {
      removeOnComplete: { age: 7 * 86_400, count: 10_000 },
      removeOnFail: { age: 30 * 86_400, count: 10_000 },
    },
  });
}

/** Hands events to the webhook queue. */
export interface WebhookOutbox {
  /** Enqueues the event for each receiver that wants it; returns at once, failures are logged. */
  emit(event: WebhookEvent): void;
  /** Waits for the enqueues under way, at most `deadlineMs` (a stopping process flushes them). */
  settle(deadlineMs: number): Promise<void>;
}

/** Settings of {@link createWebhookOutbox}. */
export interface WebhookOutboxOptions {
  readonly queue: Queue<WebhookJobData>;
  readonly endpoints: readonly WebhookEndpoint[];
  /** Only these events are sent; all when absent. */
  readonly events?: readonly WebhookEventType[] | undefined;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly logger: Logger;
}

/** The outbox over the webhook queue. */
export function createWebhookOutbox(options: WebhookOutboxOptions): WebhookOutbox {
  const pending = new Set<Promise<unknown>>();
  return {
    emit(event) {
      if (options.events && !options.events.includes(event.message.type)) return;
      const jobs = options.endpoints.map((endpoint) => ({
        name: DELIVER_JOB,
        data: { eventId: event.id, endpoint: endpoint.id, origin: endpoint.origin, message: event.message },
        opts: {
          jobId: `${event.id}.${endpoint.id}`,
          attempts: options.attempts,
          backoff: { type: "exponential", delay: options.backoffMs, jitter: 0.5 },
        },
      }));
      const adding: Promise<unknown> = options.queue.addBulk(jobs).then(
        () => options.logger.debug({ event: "webhook.queued", eventId: event.id, type: event.message.type }),
        (error: Error) =>
          options.logger.warn(
            {
              event: "webhook.enqueue_failed",
              eventId: event.id,
              type: event.message.type,
              err: redactCredentials(error.message),
            },
            `could not queue the ${event.message.type} webhook; the rotation goes on`,
          ),
      );
      pending.add(adding);
      void adding.finally(() => pending.delete(adding));
    },
    async settle(deadlineMs) {
      await within(deadlineMs, Promise.all(pending), undefined);
    },
  };
}

/** An outbox that sends nothing: webhooks are not configured. */
export const NO_WEBHOOKS: WebhookOutbox = { emit: () => undefined, settle: async () => undefined };
