/**
 * The webhook event catalogue and the messages sent for it. Pure: the rotation worker, the scan and
 * the delivery worker share these shapes, and a test can build every message without Redis.
 *
 * A message carries ids, names, Vault paths and versions, times and the observed state, never a
 * secret: it is kept in Redis in clear text until delivered, and receivers log it.
 */
import { createHash } from "node:crypto";

/** Every event the rotator sends, in the README's catalogue order. */
export const WEBHOOK_EVENTS = [
  "rotation.verified",
  "rotation.completed",
  "rotation.needs_attention",
  "key.expiring_unmanaged",
  "key.expired",
] as const;

/** One event type of {@link WEBHOOK_EVENTS}. */
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The new key is in Vault and works: apps should reload now. */
export interface RotationVerifiedData {
  readonly keyId: string;
  /** The key's public id (`key_…`, safe to log), when the key service has them. */
  readonly publicKeyId?: string;
  readonly name: string;
  readonly successorId: string;
  readonly vaultPath: string;
  readonly vaultVersion: number;
  readonly verifiedBy: "api" | "read-back";
  readonly verifiedAt: string;
  readonly jobId: string;
}

/** The old key was retired and the successor holds the name. */
export interface RotationCompletedData {
  readonly keyId: string;
  /** The key's public id (`key_…`, safe to log), when the key service has them. */
  readonly publicKeyId?: string;
  readonly name: string;
  readonly successorId: string;
  readonly vaultPath: string;
  readonly vaultVersion: number;
  readonly verifiedBy: "api" | "read-back";
  readonly completedAt: string;
  readonly jobId: string;
}

/** A rotation was given up; the old key was left working. */
export interface RotationNeedsAttentionData {
  readonly keyId: string;
  /** The key's public id (`key_…`, safe to log), when the key service has them. */
  readonly publicKeyId?: string;
  readonly name: string;
  readonly jobId: string;
  /** The step reached at the last checkpoint, when one was recorded. */
  readonly step: string | null;
  readonly reason: string;
  /** What the clean-up did and the state looked up afterwards (keys, Vault's version, the API's answer). */
  readonly observedState: string;
  readonly failedAt: string;
}

/** A key inside its rotation window that no policy will rotate (skipped, or refused). */
export interface KeyExpiringUnmanagedData {
  readonly keyId: string;
  /** The key's public id (`key_…`, safe to log), when the key service has them. */
  readonly publicKeyId?: string;
  readonly name: string;
  readonly expiresAt: string;
  readonly reason: string;
}

/** A managed key expired and no successor took over. */
export interface KeyExpiredData {
  readonly keyId: string;
  /** The key's public id (`key_…`, safe to log), when the key service has them. */
  readonly publicKeyId?: string;
  readonly name: string;
  readonly expiresAt: string;
  /** Why no successor exists yet: the rotation needs attention, or it has not run. */
  readonly reason: string;
}

/** Each event type's `data`. */
export interface WebhookEventData {
  readonly "rotation.verified": RotationVerifiedData;
  readonly "rotation.completed": RotationCompletedData;
  readonly "rotation.needs_attention": RotationNeedsAttentionData;
  readonly "key.expiring_unmanaged": KeyExpiringUnmanagedData;
  readonly "key.expired": KeyExpiredData;
}

/** The body of a delivery, as Standard Webhooks recommends: `{type, timestamp, data}`. */
export interface WebhookMessage<T extends WebhookEventType = WebhookEventType> {
  readonly type: T;
  readonly timestamp: string;
  readonly data: WebhookEventData[T];
}

/** One event to send: its message and the `webhook-id` every delivery and retry of it carries. */
export interface WebhookEvent<T extends WebhookEventType = WebhookEventType> {
  readonly id: string;
  readonly message: WebhookMessage<T>;
}

/**
 * The event, with an id derived from what it is about (`occurrence`), not from when it was noticed:
 * a rotation resumed after a crash, or a second scan, produces the same id, so the queue and the
 * receivers drop the repeat.
 */
export function webhookEvent<T extends WebhookEventType>(
  type: T,
  data: WebhookEventData[T],
  occurrence: readonly (string | number | null)[],
  at: number,
): WebhookEvent<T> {
  const digest = createHash("sha256")
    .update([type, ...occurrence].map(String).join("\u0000"))
    .digest("base64url")
    .slice(0, 24);
  return { id: `msg_${digest}`, message: { type, timestamp: new Date(at).toISOString(), data } };
}

/** ISO time of an epoch-ms instant. */
export const iso = (ms: number): string => new Date(ms).toISOString();
