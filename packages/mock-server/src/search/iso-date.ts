// Documents store instants as `Date.prototype.toISOString()` writes them (`2026-03-01T12:00:00.000Z`).
// Range filters parse one per document per query; reading the digits directly is about twice as fast
// as Date.parse. Anything else, or any value Date.parse would judge differently, goes to Date.parse.
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/**
 * `Date.parse(text)`, with a fast path for the canonical ISO form. V8 refuses month 0 or 13, day 0
 * or 32, minute or second 60, and hour 24 unless the rest is zero, but rolls day 31 of a short month
 * over; years below 100 would be read as 19xx by Date.UTC. Those cases are left to Date.parse.
 * @returns epoch milliseconds, or NaN as Date.parse
 */
export function parseIsoDate(text: string): number {
  if (text.length !== 24 || !CANONICAL.test(text)) return Date.parse(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  if (
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return Date.parse(text);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
