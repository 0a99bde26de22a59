import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay } from "../src/backoff.js";

describe("backoffDelay", () => {
  const bounds = { baseDelayMs: 100, maxDelayMs: 1000 };

  it("doubles the ceiling with each retry, from baseDelayMs for the first, and caps it", () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, bounds, () => 0.999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
  });

  it("draws the delay anywhere below the ceiling (full jitter)", () => {
    expect(backoffDelay(3, bounds, () => 0)).toBe(0);
    expect(backoffDelay(3, bounds, () => 0.5)).toBe(200);
    for (let i = 0; i < 100; i++) expect(backoffDelay(2, bounds)).toBeLessThan(200);
  });
});

describe("backoffDelay, for any retry and bounds", () => {
  it("is never negative and never above the retry's ceiling or the cap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseDelayMs, maxDelayMs, r) => {
          const delay = backoffDelay(retry, { baseDelayMs, maxDelayMs }, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1)));
        },
      ),
    );
  });
});
