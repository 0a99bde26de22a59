import { backoffDelay } from "@keywarden/rules";

/** How the SDK retries idempotent calls. Every field has a default; see {@link resolveRetryOptions}. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retrying off). */
  retries?: number;
  /** Upper bound of the first backoff, in ms (default 500). Each retry doubles it, with full jitter. */
  baseDelayMs?: number;
  /** Cap of any backoff, in ms (default 5000). */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this (ms, default 60000) is not waited for: the error is thrown instead. */
  maxRetryAfterMs?: number;
  /** Statuses that are retried (default 429, 502, 503, 504). */
  statuses?: readonly number[];
  /** Source of randomness for the jitter, in [0, 1) (default `Math.random`); tests pass a fixed one. */
  random?: () => number;
  /**
   * Waits `ms`, rejecting with `signal.reason` as soon as `signal` aborts (default: a `setTimeout`).
   * Tests inject one that records the delay and returns at once.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Retry options with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** The statuses retried by default: rate limiting and the gateway/unavailable family. */
export const DEFAULT_RETRY_STATUSES: readonly number[] = [429, 502, 503, 504];

/** Fills in the defaults and checks the numbers, so a bad option fails at client creation. */
export function resolveRetryOptions(options: RetryOptions | false | undefined): ResolvedRetryOptions {
  const o = options === false ? { retries: 0 } : (options ?? {});
  const resolved: ResolvedRetryOptions = {
    retries: o.retries ?? 2,
    baseDelayMs: o.baseDelayMs ?? 500,
    maxDelayMs: o.maxDelayMs ?? 5_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 60_000,
    statuses: o.statuses ?? DEFAULT_RETRY_STATUSES,
    random: o.random ?? Math.random,
    sleep: o.sleep ?? abortableSleep,
  };
  for (const key of ["retries", "baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
    const v = resolved[key];
    if (!Number.isInteger(v) || v < 0) {
      throw new TypeError(`retry.${key} must be a non-negative integer, got ${String(v)}`);
    }
  }
  return resolved;
}

/** What happened on one attempt, as far as the retry decision is concerned. */
export type AttemptOutcome =
  | { kind: "response"; status: number; retryAfterMs?: number | undefined }
  | { kind: "connection-error" }
  | { kind: "timeout" };

/** The retry decision: wait `delayMs` and try again, or stop. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * Decides whether to retry after an attempt. Pure: the same inputs always give the same answer
 * (randomness comes from `options.random`).
 * Only idempotent calls are retried; `retriesDone` counts the retries already made.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  context: { idempotent: boolean; retriesDone: number },
  options: ResolvedRetryOptions,
): RetryDecision {
  if (!context.idempotent || context.retriesDone >= options.retries) return { retry: false };
  if (outcome.kind === "response") {
    if (!options.statuses.includes(outcome.status)) return { retry: false };
    if (outcome.retryAfterMs !== undefined) {
      if (outcome.retryAfterMs > options.maxRetryAfterMs) return { retry: false };
      return { retry: true, delayMs: outcome.retryAfterMs };
    }
  }
  // `retriesDone` retries are behind us: this is retry number retriesDone + 1.
  return { retry: true, delayMs: backoffDelay(context.retriesDone + 1, options, options.random) };
}

/** Methods that are idempotent by HTTP semantics. POST calls are idempotent only when the SDK says so. */
export function isIdempotentMethod(method: string): boolean {
  return ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].includes(method.toUpperCase());
}

/** Waits `ms`, rejecting with the signal's reason the moment it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
