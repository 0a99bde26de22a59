const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;
const AMOUNT_WITH_UNIT = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** The accepted forms, in every error so the author sees what to write instead. */
const FORMS =
  'use milliseconds ("500") or amounts with units ms, s, m, h, d, w, e.g. "500ms", "30s", "15m", "1h30m", "7d"';

/**
 * Parses a duration into milliseconds. One grammar for every Keywarden input that takes a duration (the
 * mock's clock and control endpoint, the rotator's configuration and CLI), so a value that works in one
 * works in the other:
 * - a finite number ≥ 0, or a string of digits (`"500"`, `"2.5"`): milliseconds;
 * - one or more amounts with a unit, largest first or not: `"500ms"`, `"30s"`, `"15m"`, `"1h30m"`,
 *   `"7d"`, `"2w"`, `"1.5h"`. Whitespace anywhere is ignored (`"1h 30m"`).
 *
 * Negative, empty or unit-less mixed forms (`"1h30"`) are refused.
 * @throws {TypeError} naming the input and listing the accepted forms
 * @example parseDuration("1h30m") // 5_400_000
 */
export function parseDuration(duration: number | string): number {
  if (typeof duration === "number") {
    if (Number.isFinite(duration) && duration >= 0) return duration;
    throw new TypeError(`Unknown duration ${duration}: ${FORMS}`);
  }
  const text = typeof duration === "string" ? duration.replace(/\s/g, "") : "";
  if (PLAIN_NUMBER.test(text)) return Number(text);
  let total = 0;
  let consumed = 0;
  for (const [whole, amount, unit] of text.matchAll(AMOUNT_WITH_UNIT)) {
    total += Number(amount) * UNIT_MS[unit as string]!;
    consumed += whole.length;
  }
  // Every character must belong to an amount: "1h30" or "1h, 2m" are typos, not 1 hour.
  if (text === "" || consumed !== text.length) {
    throw new TypeError(`Unknown duration ${JSON.stringify(duration)}: ${FORMS}`);
  }
  return total;
}
