import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/search/iso-date.js";

const pad = (value: number, width: number) => String(value).padStart(width, "0");

describe("parseIsoDate reads a date exactly as Date.parse", () => {
  it("on canonical ISO instants, including out-of-range fields", () => {
    const instant = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(
        ([y, mo, d, h, mi, s, ms]) =>
          `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`,
      );
    fc.assert(
      fc.property(instant, (text) => {
        expect(Object.is(parseIsoDate(text), Date.parse(text))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("on the corners V8 judges by hand, and on other shapes", () => {
    for (const text of [
      "2026-02-31T00:00:00.000Z",
      "2026-01-01T24:00:00.000Z",
      "2026-01-01T24:00:00.001Z",
      "0099-01-01T00:00:00.000Z",
      "2026-03-01",
      "2026-03-01T10:00:00Z",
      "2026-03-01T10:00:00.000+02:00",
      "not a date",
    ]) {
      expect(Object.is(parseIsoDate(text), Date.parse(text)), text).toBe(true);
    }
  });

  it("on every day of a whole 400-year Gregorian cycle, and around the years 100 and 9999", () => {
    const day = 86_400_000;
    const starts = [Date.UTC(2000, 0, 1), Date.UTC(100, 0, 1), Date.UTC(9999, 0, 1) - 400 * day];
    for (const start of starts) {
      for (let ms = start + 12_345_678; ms < start + 146_097 * day && ms < Date.UTC(10000, 0, 1); ms += day) {
        const text = new Date(ms).toISOString();
        if (parseIsoDate(text) !== ms) expect.fail(text);
      }
    }
  });
});
