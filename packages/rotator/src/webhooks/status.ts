/**
 * The webhook part of `status`: delivery counts and the dead letters (deliveries that used every
 * attempt), newest first, with the receiver's origin and the last error, never the URL or a secret.
 */
import type { Queue } from "bullmq";
import { redactCredentials } from "../observability/redact.js";
import type { WebhookJobData } from "./outbox.js";

/** One delivery that was given up. */
export interface DeadWebhook {
  readonly eventId: string;
  readonly type: string;
  readonly receiver: string;
  readonly attempts: number;
  readonly reason: string;
  /** When the last attempt failed, epoch ms (like the other BullMQ times of `status`). */
  readonly failedOn: number | undefined;
}

/** Webhook delivery counts and dead letters. */
export interface WebhookStatus {
  readonly counts: Record<string, number>;
  readonly dead: DeadWebhook[];
}

/** Reads the webhook queue's counts and its dead letters (at most `limit`). */
export async function readWebhookStatus(queue: Queue<WebhookJobData>, limit = 100): Promise<WebhookStatus> {
  const [counts, failed] = await Promise.all([
    queue.getJobCounts("waiting", "active", "delayed", "completed", "failed"),
    queue.getFailed(0, limit - 1),
  ]);
  return {
    counts,
    dead: failed.map((job) => ({
      eventId: job.data.eventId,
      type: job.data.message.type,
      receiver: job.data.origin,
      attempts: job.attemptsMade,
      reason: redactCredentials(job.failedReason ?? ""),
      failedOn: job.finishedOn,
    })),
  };
}
