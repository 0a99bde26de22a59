/** The bounds of an exponential backoff, in milliseconds. */
export interface BackoffBounds {
  /** Delay ceiling of the first retry; it doubles with each retry. */
  baseDelayMs: number;
  /** Largest delay ceiling. */
  maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): a
 * random delay in `[0, min(maxDelayMs, baseDelayMs · 2^(retry-1)))`. Retries count from 1, as a
 * log reads them ("retry 1 of 3"), so the first retry waits up to `baseDelayMs`.
 * @param retry 1 for the first retry
 * @param random a number in [0, 1), injectable so tests are deterministic
 * @example backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.5) // 200
 */
export function backoffDelay(
  retry: number,
  bounds: BackoffBounds,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(bounds.maxDelayMs, bounds.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
