import { redactCredentials } from "../observability/redact.js";
import { PermanentError, RateLimitedError } from "../port-errors.js";
import { ClaimLostError, KeyBusyError } from "../rotation/claim.js";
import { RotationInterruptedError } from "../rotation/context.js";

/** How long a rotation waits, on average, when another rotation of its key holds the claim. */
export const BUSY_RETRY_MS = 5_000;

/** What the worker does with a failed attempt. */
export type FailureDisposition =
  /**
   * Shutting down, or another rotation of the same key holds it, or this run lost its claim: put the
   * job back (after `delayMs`) without using an attempt.
   */
  | { readonly action: "requeue"; readonly delayMs: number }
  /** 429: pause the whole queue for `retryAfterMs` without using an attempt. */
  | { readonly action: "rate-limit"; readonly retryAfterMs: number; readonly reason: string }
  /** 5xx, timeout, connection, CAS conflict, unknown: retry with backoff, then needs-attention. */
  | { readonly action: "retry"; readonly reason: string }
  /** 400/401/403/404, key limit, Vault forbidden: stop now, leave the old key alive. */
  | { readonly action: "needs-attention"; readonly reason: string };

/**
 * Decides how a failed rotation attempt is handled. On the last attempt a retryable failure also
 * becomes `needs-attention`. Pure, so every branch is tested without Redis.
 */
export function classifyFailure(
  error: unknown,
  attempt: { made: number; allowed: number },
): FailureDisposition {
  if (error instanceof RotationInterruptedError) return { action: "requeue", delayMs: 0 };
  // Jitter spreads the jobs that wait for one key, so they do not all knock at the same moment.
  if (error instanceof KeyBusyError || error instanceof ClaimLostError) {
    return { action: "requeue", delayMs: Math.round(BUSY_RETRY_MS * (0.5 + Math.random())) };
  }
  // Reasons are logged and kept in Redis (failedReason, `status`): no URL credentials in them.
  const reason = redactCredentials(error instanceof Error ? error.message : String(error));
  if (error instanceof RateLimitedError) {
    return {
      action: "rate-limit",
      retryAfterMs: Math.max(error.retryAfterMs, 1),
      reason: redactCredentials(error.reason),
    };
  }
  if (error instanceof PermanentError)
    return { action: "needs-attention", reason: redactCredentials(error.reason) };
  const lastAttempt = attempt.made + 1 >= attempt.allowed;
  if (lastAttempt)
    return { action: "needs-attention", reason: `gave up after ${attempt.allowed} attempts: ${reason}` };
  return { action: "retry", reason };
}
