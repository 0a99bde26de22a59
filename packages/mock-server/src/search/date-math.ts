import { daysInMonth } from "../keys/instant.js";

const UNITS = new Set(["y", "M", "w", "d", "h", "H", "m", "s"]);

function addUnit(date: Date, amount: number, unit: string): void {
  switch (unit) {
    case "y":
      date.setUTCFullYear(date.getUTCFullYear() + amount);
      break;
    case "M":
      date.setUTCMonth(date.getUTCMonth() + amount);
      break;
    case "w":
      date.setUTCDate(date.getUTCDate() + 7 * amount);
      break;
    case "d":
      date.setUTCDate(date.getUTCDate() + amount);
      break;
    case "h":
    case "H":
      date.setUTCHours(date.getUTCHours() + amount);
      break;
    case "m":
      date.setUTCMinutes(date.getUTCMinutes() + amount);
      break;
    case "s":
      date.setUTCSeconds(date.getUTCSeconds() + amount);
      break;
  }
}

function roundDown(date: Date, unit: string): void {
  switch (unit) {
    case "y":
      date.setUTCMonth(0, 1);
      date.setUTCHours(0, 0, 0, 0);
      break;
    case "M":
      date.setUTCDate(1);
      date.setUTCHours(0, 0, 0, 0);
      break;
    case "w": {
      // ISO weeks start on Monday
      const back = (date.getUTCDay() + 6) % 7;
      date.setUTCDate(date.getUTCDate() - back);
      date.setUTCHours(0, 0, 0, 0);
      break;
    }
    case "d":
      date.setUTCHours(0, 0, 0, 0);
      break;
    case "h":
    case "H":
      date.setUTCMinutes(0, 0, 0);
      break;
    case "m":
      date.setUTCSeconds(0, 0);
      break;
    case "s":
      date.setUTCMilliseconds(0);
      break;
  }
}

/**
 * Resolves an Elasticsearch date-math expression (`now`, `now-7d`, `now/d`, `now-1M/M`,
 * `2025-01-01||+1d`, or a plain ISO date) to epoch milliseconds, by the mock's clock.
 * Rounding follows Elasticsearch's range rules: `roundUp` (for `gt`/`lte`) rounds to the last
 * millisecond of the unit, otherwise to the first.
 * @returns undefined when the text is not a date or date-math expression
 */
export function resolveDateMath(expression: string, now: number, roundUp = false): number | undefined {
  const text = expression.trim();
  let anchor: number;
  let rest: string;
  if (text.startsWith("now")) {
    anchor = now;
    rest = text.slice(3);
  } else {
    const separator = text.indexOf("||");
    const datePart = separator === -1 ? text : text.slice(0, separator);
    if (
      !/^\d{4}(-\d{2}(-\d{2})?)?([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(datePart)
    ) {
      return undefined;
    }
    // Date.parse rolls 2026-02-30 over to March 2; Elasticsearch's strict date parsing refuses it
    const [year, month, day] = datePart.split(/[-T ]/, 3).map(Number) as [number, number?, number?];
    if (month !== undefined && (month < 1 || month > 12)) return undefined;
    if (day !== undefined && (day < 1 || day > daysInMonth(year, month ?? 1))) return undefined;
    const iso = /T|\s/.test(datePart) && !/(Z|[+-]\d{2}:?\d{2})$/.test(datePart) ? `${datePart}Z` : datePart;
    anchor = Date.parse(iso.replace(" ", "T"));
    if (!Number.isFinite(anchor)) return undefined;
    rest = separator === -1 ? "" : text.slice(separator + 2);
  }
  const date = new Date(anchor);
  const pattern = /([+-])(\d+)([yMwdhHms])|\/([yMwdhHms])/y;
  let index = 0;
  while (index < rest.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(rest);
    if (!match) return undefined;
    if (match[4]) {
      roundDown(date, match[4]);
      if (roundUp) {
        addUnit(date, 1, match[4]);
        date.setTime(date.getTime() - 1);
      }
    } else if (match[3] && UNITS.has(match[3])) {
      addUnit(date, (match[1] === "-" ? -1 : 1) * Number(match[2]), match[3]);
    }
    index = pattern.lastIndex;
  }
  const resolved = date.getTime();
  return Number.isFinite(resolved) ? resolved : undefined;
}
