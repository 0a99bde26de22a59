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
  return parseCanonicalIsoDate(value) ?? parsedDate(value);
}

function parsedDate(text: string): number | undefined {
  if (!DATE_START.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** How a query reads field values as dates: {@link valueDate}, or {@link rememberedValueDate}. */
export type DateReader = (value: unknown) => number | undefined;

/** How many instants {@link rememberedValueDate} keeps. */
export const REMEMBERED_DATES = 10_000;
// Keyed by the text itself, so a document edited in place never meets a stale date. Only canonical
// instants (UTC, ending in Z): Date.parse reads other texts in the process's time zone, which can change.
const remembered = new Map<string, number>();

/**
 * {@link valueDate}, remembering canonical instants (up to {@link REMEMBERED_DATES} of them):
 * reading the digits of an instant costs more than finding it again. For indexes small enough that
 * all their dates fit; over a larger one the memo would only churn.
 */
export function rememberedValueDate(value: unknown): number | undefined {
  if (typeof value !== "string") return valueDate(value);
  const known = remembered.get(value);
  if (known !== undefined) return known;
  const canonical = parseCanonicalIsoDate(value);
  if (canonical === undefined) return parsedDate(value);
  if (remembered.size >= REMEMBERED_DATES) remembered.clear();
  remembered.set(value, canonical);
  return canonical;
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
