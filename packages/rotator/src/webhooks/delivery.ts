/**
 * The delivery worker: POSTs each job's message to its receiver, signed per Standard Webhooks, over
 * the rotator's HTTP stack (its deadlines, no redirect to another origin). A non-2xx answer or a
 * network error fails the attempt; BullMQ retries it with backoff under the same `webhook-id`, and
 * after the last attempt the job stays failed: the dead letter `status` lists.
 */
import { type Job, type Telemetry, Worker } from "bullmq";
import type { Logger } from "../observability/logger.js";
import type { RotatorMetrics } from "../observability/metrics.js";
import { redactCredentials } from "../observability/redact.js";
import type { RedisConnection } from "../queue/connection.js";
import { WEBHOOK_QUEUE, type WebhookEndpoint, type WebhookJobData } from "./outbox.js";
import { signWebhook } from "./sign.js";

/** What a delivery job returns. */
export interface WebhookDeliveryResult {
  readonly status?: number;
  readonly skipped?: string;
}

/** Settings of {@link createWebhookWorker}. */
export interface WebhookWorkerOptions {
  readonly connection: RedisConnection;
  readonly prefix: string;
  readonly endpoints: readonly WebhookEndpoint[];
  /** The `whsec_` secret, asked for at each delivery (it may live in Vault and change). */
  readonly secret: () => Promise<string>;
  /** The rotator's HTTP stack's fetch. */
  readonly fetch: typeof globalThis.fetch;
  readonly logger: Logger;
  readonly concurrency?: number;
  readonly now?: () => number;
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** BullMQ's telemetry (bullmq-otel), only when tracing is on: without it BullMQ skips every span. */
  readonly telemetry?: Telemetry | undefined;
  /** Counts deliveries, failed attempts and dead letters; none when absent. */
  readonly metrics?: WebhookMetrics | undefined;
}

/** The webhook counters of the rotator's metrics. */
export type WebhookMetrics = Pick<
  RotatorMetrics,
  "webhooksDelivered" | "webhookAttemptsFailed" | "webhooksDead"
>;

/** Sends one delivery; throws when the receiver did not take it. */
export async function deliverWebhook(
  job: Pick<Job<WebhookJobData>, "data">,
  endpoint: WebhookEndpoint,
  options: Pick<WebhookWorkerOptions, "secret" | "fetch" | "now">,
): Promise<WebhookDeliveryResult> {
  const body = JSON.stringify(job.data.message);
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const signature = signWebhook(await options.secret(), job.data.eventId, timestamp, body);
  let response: Response;
  try {
    response = await options.fetch(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "keywarden-rotator",
        "webhook-id": job.data.eventId,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signature,
      },
      body,
    });
  } catch (error) {
    const message = withoutEndpointPath(
      redactCredentials(String((error as Error)?.message ?? error)),
      endpoint,
    );
    throw new Error(`${endpoint.origin}: ${message}`);
  }
  // The answer's body is not ours to read, but the connection is only reused once it is drained.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`${endpoint.origin} answered HTTP ${response.status}`);
  return { status: response.status };
}

/** The BullMQ worker delivering webhooks; logs each delivery, retry and dead letter. */
export function createWebhookWorker(options: WebhookWorkerOptions): Worker<WebhookJobData> {
  const { logger } = options;
  const worker = new Worker<WebhookJobData, WebhookDeliveryResult>(
    WEBHOOK_QUEUE,
    async (job) => {
      const endpoint = options.endpoints.find((candidate) => candidate.id === job.data.endpoint);
      // Removed from KEYWARDEN_WEBHOOK_URLS since it was queued: nobody to send it to.
      if (!endpoint) return { skipped: "receiver no longer configured" };
      return deliverWebhook(job, endpoint, options);
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 8,
      // A process killed mid-delivery leaves its job stalled: it is delivered again (same
      // webhook-id), not failed, as BullMQ's default of one stall would have it.
      maxStalledCount: 5,
      ...(options.telemetry ? { telemetry: options.telemetry } : {}),
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    },
  );
  const fields = (job: Job<WebhookJobData>) => ({
    eventId: job.data.eventId,
    type: job.data.message.type,
    receiver: job.data.origin,
    attempt: job.attemptsMade,
  });
  const { metrics } = options;
  worker.on("completed", (job, result) => {
    if (!result.skipped) metrics?.webhooksDelivered.inc({ event: job.data.message.type });
    logger.info(
      { event: "webhook.delivered", ...fields(job), ...result },
      result.skipped ? `webhook dropped: ${result.skipped}` : "webhook delivered",
    );
  });
  worker.on("failed", (job, error) => {
    if (!job) return;
    const dead = job.attemptsMade >= (job.opts.attempts ?? 1);
    metrics?.webhookAttemptsFailed.inc({ event: job.data.message.type });
    if (dead) metrics?.webhooksDead.inc({ event: job.data.message.type });
    const line = { event: dead ? "webhook.dead" : "webhook.retry", ...fields(job), err: error.message };
    if (dead) logger.error(line, "webhook not delivered after its last attempt; listed by status");
    else logger.warn(line, "webhook delivery failed; will retry");
  });
  return worker;
}

/**
 * The URL may carry a token in its path or query (a chat service's webhook URL): name the origin
 * only, here and in Redis, however the error wrote the URL (as given, normalised, or without its
 * query, as the HTTP stack describes it).
 */
function withoutEndpointPath(
  message: string,
  endpoint: { readonly url: string; readonly origin: string },
): string {
  const parsed = new URL(endpoint.url);
  let out = message;
  for (const form of [endpoint.url, parsed.href, `${parsed.origin}${parsed.pathname}`]) {
    out = out.replaceAll(form, endpoint.origin);
  }
  const path = `${parsed.pathname}${parsed.search}`;
  if (parsed.pathname.length > 1) out = out.replaceAll(parsed.pathname, "/[redacted]");
  if (path !== parsed.pathname) out = out.replaceAll(path, "/[redacted]");
  return out;
}
