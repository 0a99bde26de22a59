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
  /**
   * 400/401/403/404, key limit, Vault forbidden (`permanent`), or the last attempt of a retryable
   * failure (`transient`): stop now, leave the old key alive.
   */
  | {
      readonly action: "needs-attention";
      readonly reason: string;
      readonly cause: "permanent" | "transient";
    };

/** Bounds on the pauses 429s impose (settings `KEYWARDEN_MAX_RETRY_AFTER`, `KEYWARDEN_RATE_LIMIT_BUDGET`). */
export interface RateLimitBounds {
  /** The longest pause one `Retry-After` may impose on the queue. */
  readonly maxRetryAfterMs: number;
  /** The total pause a rotation may run into before a further 429 uses an attempt. */
  readonly budgetMs: number;
  /** What this rotation's 429s have paused so far. */
  readonly spentMs: number;
}

/** One `Retry-After: 86400` must not stop every rotator for a day. */
export const DEFAULT_RATE_LIMIT_BOUNDS: RateLimitBounds = {
  maxRetryAfterMs: 900_000,
  budgetMs: 3_600_000,
  spentMs: 0,
};

/**
 * Decides how a failed rotation attempt is handled. On the last attempt a retryable failure also
 * becomes `needs-attention`, and so does a 429 once the rotation's pause budget is spent (endless
 * 429s must end somewhere). Pure, so every branch is tested without Redis.
 */
export function classifyFailure(
  error: unknown,
  attempt: { made: number; allowed: number },
  rateLimits: RateLimitBounds = DEFAULT_RATE_LIMIT_BOUNDS,
): FailureDisposition {
  if (error instanceof RotationInterruptedError) return { action: "requeue", delayMs: 0 };
  // Jitter spreads the jobs that wait for one key, so they do not all knock at the same moment.
  if (error instanceof KeyBusyError || error instanceof ClaimLostError) {
    return { action: "requeue", delayMs: Math.round(BUSY_RETRY_MS * (0.5 + Math.random())) };
  }
  // Reasons are logged and kept in Redis (failedReason, `status`): no URL credentials in them.
  const reason = redactCredentials(error instanceof Error ? error.message : String(error));
  if (error instanceof RateLimitedError) {
    const retryAfterMs = Math.min(Math.max(error.retryAfterMs, 1), rateLimits.maxRetryAfterMs);
    if (rateLimits.spentMs + retryAfterMs <= rateLimits.budgetMs) {
      return { action: "rate-limit", retryAfterMs, reason: redactCredentials(error.reason) };
    }
  }
  if (error instanceof PermanentError)
    return { action: "needs-attention", reason: redactCredentials(error.reason), cause: "permanent" };
  const lastAttempt = attempt.made + 1 >= attempt.allowed;
  if (lastAttempt) {
    return {
      action: "needs-attention",
      reason: `gave up after ${attempt.allowed} attempts: ${reason}`,
      cause: "transient",
    };
  }
  return { action: "retry", reason };
}
