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
