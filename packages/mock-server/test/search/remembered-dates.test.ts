import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REMEMBERED_DATES, rememberedValueDate, valueDate } from "../../src/search/range.js";

const pad = (value: number, width: number) => String(value).padStart(width, "0");

// Canonical instants with fields in and out of range, other date texts, and anything else.
const instant = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
  )
  .map(([y, mo, d, h, mi]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:07.250Z`);
const value = fc.oneof(
  instant,
  fc.constantFrom("2026-03-01", "2026-03-01T10:00:00", "2026-03-01 10:00", "2026-02-30", "now", ""),
  fc.string({ maxLength: 8 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

describe("rememberedValueDate answers what valueDate answers", () => {
  it("for any value, asked once or again, with the memo filling and emptying", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 30 }), (values) => {
        for (const item of [...values, ...values]) {
          expect(Object.is(rememberedValueDate(item), valueDate(item))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
    const start = Date.parse("2026-01-01T00:00:00.000Z");
    for (let i = 0; i <= REMEMBERED_DATES; i++) rememberedValueDate(new Date(start + i).toISOString());
    const first = new Date(start).toISOString();
    expect(rememberedValueDate(first)).toBe(start);
  });

  it("for a local date text read after the time zone changed", () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = "UTC";
      const text = "2026-03-01 10:00";
      expect(rememberedValueDate(text)).toBe(valueDate(text));
      process.env.TZ = "Asia/Tokyo";
      expect(rememberedValueDate(text)).toBe(valueDate(text));
      expect(rememberedValueDate(text)).toBe(Date.parse("2026-03-01T01:00:00.000Z"));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
