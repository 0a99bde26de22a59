import { type BackoffBounds, backoffDelay as sharedBackoffDelay } from "@keywarden/rules";
import { VaultConnectionError, VaultSealedError, VaultServerError, VaultStandbyError } from "./errors.js";

/** How reads are retried. Delays are milliseconds. */
export interface RetryPolicy {
  /** Attempts in total, the first included. Default 4. */
  maxAttempts: number;
  /** Delay ceiling of the first retry; doubles each time. Default 200. */
  baseDelayMs: number;
  /** Largest delay ceiling. Default 5000. */
  maxDelayMs: number;
}

/**
 * Retries of idempotent Vault reads unless the client is given others: 4 attempts in total, the
 * first retry after up to 200 ms, doubling to at most 5 s (full jitter), about 1.4 s worst case in all.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

/**
 * Exponential backoff with full jitter: a random delay in `[0, min(max, base·2^(retry-1)))`, the one
 * formula the SDK's retries use too (it lives in `@keywarden/rules`).
 * @param retry 1 for the first retry
 * @param random a number in [0, 1), injectable so tests are deterministic
 */
export const backoffDelay: (retry: number, policy: BackoffBounds, random?: () => number) => number =
  sharedBackoffDelay;

/**
 * Whether a failed **idempotent** call may be sent again: no answer at all, a 5xx, a sealed node (503)
 * or a standby (429/472/473). A 4xx other than those is the caller's mistake and is never retried.
 */
export function isRetryable(error: unknown): boolean {
  // `toVaultError` turns every 5xx into a VaultSealedError (503) or a VaultServerError.
  return (
    error instanceof VaultConnectionError ||
    error instanceof VaultSealedError ||
    error instanceof VaultStandbyError ||
    error instanceof VaultServerError
  );
}

/** Hooks for {@link withRetry}: a sleep (injectable for tests) and a note of each retry. */
export interface RetryHooks {
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Runs `operation`, retrying it per `policy` while {@link isRetryable} says so. Only for idempotent
 * calls: a write that may have landed must not be sent twice blindly.
 */
export async function withRetry<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryable(error)) throw error;
      const delayMs = backoffDelay(attempt, policy, hooks.random);
      hooks.onRetry?.({ attempt, delayMs, error });
      await hooks.sleep(delayMs);
    }
  }
}
