import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../src/transport/retry-after.js";
import {
  abortableSleep,
  decideRetry,
  isIdempotentMethod,
  resolveRetryOptions,
} from "../../src/transport/retry-policy.js";

const options = (random = () => 0.999999) => resolveRetryOptions({ retries: 3, random });

describe("retry policy", () => {
  it("defaults to 2 retries, 0.5 s start, 5 s cap, on 429/502/503/504", () => {
    const o = resolveRetryOptions(undefined);
    expect(o).toMatchObject({
      retries: 2,
      baseDelayMs: 500,
      maxDelayMs: 5000,
      statuses: [429, 502, 503, 504],
    });
    expect(resolveRetryOptions(false).retries).toBe(0);
  });

  it("refuses a negative or fractional setting with a message naming it", () => {
    expect(() => resolveRetryOptions({ retries: -1 })).toThrow(
      /retry.retries must be a non-negative integer/,
    );
    expect(() => resolveRetryOptions({ baseDelayMs: 0.5 })).toThrow(/retry.baseDelayMs/);
  });

  it("doubles the backoff ceiling per retry and caps it (full jitter)", () => {
    const delayAfter = (retriesDone: number, random: () => number) =>
      decideRetry(
        { kind: "connection-error" },
        { idempotent: true, retriesDone },
        resolveRetryOptions({ retries: 9, random }),
      );
    expect([0, 1, 2, 3, 4, 5].map((done) => delayAfter(done, () => 0.999999))).toEqual(
      [499, 999, 1999, 3999, 4999, 4999].map((delayMs) => ({ retry: true, delayMs })),
    );
    expect(delayAfter(3, () => 0)).toEqual({ retry: true, delayMs: 0 });
    expect(delayAfter(1, () => 0.5)).toEqual({ retry: true, delayMs: 500 });
  });

  it("retries idempotent calls on 429, 502, 503, 504 and connection errors", () => {
    for (const status of [429, 502, 503, 504]) {
      expect(
        decideRetry({ kind: "response", status }, { idempotent: true, retriesDone: 0 }, options()).retry,
      ).toBe(true);
    }
    expect(
      decideRetry({ kind: "connection-error" }, { idempotent: true, retriesDone: 0 }, options()).retry,
    ).toBe(true);
    expect(decideRetry({ kind: "timeout" }, { idempotent: true, retriesDone: 0 }, options()).retry).toBe(
      true,
    );
  });

  it("never retries a non-idempotent call, whatever happened", () => {
    for (const outcome of [{ kind: "response", status: 503 }, { kind: "connection-error" }] as const) {
      expect(decideRetry(outcome, { idempotent: false, retriesDone: 0 }, options())).toEqual({
        retry: false,
      });
    }
  });

  it("does not retry other statuses, nor past the retry budget", () => {
    for (const status of [200, 400, 401, 404, 409, 500]) {
      expect(
        decideRetry({ kind: "response", status }, { idempotent: true, retriesDone: 0 }, options()).retry,
      ).toBe(false);
    }
    expect(
      decideRetry({ kind: "response", status: 503 }, { idempotent: true, retriesDone: 3 }, options()).retry,
    ).toBe(false);
  });

  it("waits what Retry-After says instead of the backoff, unless it is longer than allowed", () => {
    const o = options();
    expect(
      decideRetry(
        { kind: "response", status: 429, retryAfterMs: 2000 },
        { idempotent: true, retriesDone: 0 },
        o,
      ),
    ).toEqual({
      retry: true,
      delayMs: 2000,
    });
    expect(
      decideRetry(
        { kind: "response", status: 429, retryAfterMs: 120_000 },
        { idempotent: true, retriesDone: 0 },
        o,
      ),
    ).toEqual({
      retry: false,
    });
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("knows which HTTP methods are idempotent", () => {
    expect(["GET", "put", "DELETE", "HEAD"].every(isIdempotentMethod)).toBe(true);
    expect(isIdempotentMethod("POST")).toBe(false);
  });

  it("stops a wait as soon as the signal aborts, with the signal's reason", async () => {
    const controller = new AbortController();
    const waiting = abortableSleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });
});
