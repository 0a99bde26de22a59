// Range operators (IS_BETWEEN, IS_GREATER_THAN, ...): how a value compares with a bound.
import { resolveDateMath } from "./date-math.js";
import { parseCanonicalIsoDate } from "./iso-date.js";

type RangeOp = "gt" | "gte" | "lte";

/**
 * A range bound read once per query: as a number when it is one, as a date (date math resolved by
 * the query's clock, rounded as the operator wants), and as text for the string comparison that is
 * left when neither applies.
 */
export interface Bound {
  op: RangeOp;
  /** The bound as a number, when it is a number or numeric text. */
  number: number | undefined;
  /** The bound as epoch milliseconds, when it is a number or a date (math) expression. */
  date: number | undefined;
  text: string;
}

/**
 * Reads a range bound once per query.
 * @param now the query's clock, for date math such as `now-7d`
 */
export function bound(value: unknown, op: RangeOp, now: number): Bound {
  const boundNumber = typeof value === "number" ? value : undefined;
  return {
    op,
    number: boundNumber ?? (typeof value === "string" && isNumeric(value) ? Number(value) : undefined),
    date: boundNumber ?? (typeof value === "string" ? resolveDateMath(value, now, op !== "gte") : undefined),
    text: String(value),
  };
}

function isNumeric(text: string): boolean {
  return text.trim() !== "" && Number.isFinite(Number(text));
}

const DATE_START = /^\d{4}-\d{2}-\d{2}/;

/**
 * A field value as a date: numbers are epoch milliseconds, text is a date when it starts like
 * one and parses.
 */
export function valueDate(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  // most values are canonical instants: read them without the RegExp and Date.parse
  const canonical = parseCanonicalIsoDate(value);
  if (canonical !== undefined) return canonical;
  if (!DATE_START.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Whether a field value passes one bound: as numbers when both are, else as dates when both are,
 * else as text.
 * @param date the value as {@link valueDate} reads it, read once for all the bounds it meets
 */
export function passes(value: unknown, date: number | undefined, bound: Bound): boolean {
  let left: number | string;
  let right: number | string;
  if (typeof value === "number" && bound.number !== undefined) {
    left = value;
    right = bound.number;
  } else if (bound.date !== undefined && date !== undefined) {
    left = date;
    right = bound.date;
  } else {
    left = String(value);
    right = bound.text;
  }
  if (bound.op === "gt") return left > right;
  if (bound.op === "gte") return left >= right;
  return left <= right;
}
