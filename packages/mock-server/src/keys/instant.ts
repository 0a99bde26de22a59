// Instants as UTMStack's Jackson reads them: `DateTimeFormatter.ISO_INSTANT`, whose parser
// (`DateTimeFormatterBuilder.InstantPrinterParser`) reads the fields as written and then builds
// `LocalDateTime.of(year, month, day, hour, minute, second)`. That refuses a day the month does not
// have (`2030-02-31`), where `Date.parse` rolled it over to March 3. Two readings are its own: hour 24
// with zero minutes and seconds is the next day's midnight, and `23:59:60` (a leap second) is read
// as `23:59:59`. Seconds are required and the letters may be lower case (`parseCaseInsensitive`).

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Days in a month of the proleptic Gregorian calendar (`month` 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses an ISO-8601 instant with an explicit zone (`2030-01-31T00:00:00Z`, `…+02:00`) as Java's
 * `Instant` parsing would accept it.
 * @returns epoch milliseconds, or undefined when Java would refuse the text
 */
export function parseInstant(text: string): number | undefined {
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  let second = Number(match[6]);
  const nanos = match[7] === undefined ? 0 : Number(match[7].padEnd(9, "0"));
  let extraDays = 0;
  if (hour === 24 && minute === 0 && second === 0 && nanos === 0) extraDays = 1;
  else if (hour === 23 && minute === 59 && second === 60) second = 59;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if ((hour > 23 && extraDays === 0) || minute > 59 || second > 59) return undefined;
  const zone = match[8] as string;
  const offsetMinutes =
    zone.toUpperCase() === "Z"
      ? 0
      : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
  if (Math.abs(offsetMinutes) > 18 * 60) return undefined;
  const utc = Date.UTC(year, month - 1, day + extraDays, extraDays ? 0 : hour, minute, second);
  // Date.UTC reads years 0–99 as 1900–1999
  const fixed = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
  return fixed + Math.floor(nanos / 1e6) - offsetMinutes * 60_000;
}
