/**
 * Standard Webhooks signatures: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the
 * bytes of a `whsec_<base64>` secret. Small enough to own; the tests verify it with the
 * `standardwebhooks` package, a verifier written elsewhere.
 */
import { createHmac } from "node:crypto";

const PREFIX = "whsec_";

/** Whether `text` is a usable `whsec_` secret (at least 16 key bytes, base64). */
export function isWebhookSecret(text: string): boolean {
  if (!text.startsWith(PREFIX)) return false;
  const encoded = text.slice(PREFIX.length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) && Buffer.from(encoded, "base64").length >= 16;
}

/**
 * The `webhook-signature` header of one delivery.
 *
 * @param secret - `whsec_<base64>`.
 * @param timestampSeconds - the `webhook-timestamp` header, in seconds.
 * @example signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1614265330, "{}") // "v1,..."
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}
