// Matching: what each of the 22 operators means over a document, compiled once per query.
import { resolveDateMath } from "./date-math.js";
import { fieldPath, visitLeafValues, visitValuesAt } from "./field-path.js";
import { parseIsoDate } from "./iso-date.js";
import type { Filter, Operator } from "./operators.js";

const TOKEN = /[\p{L}\p{N}]+/gu;
function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

// Field values repeat across documents (countries, names, users), and tokenizing is the costly
// part of a phrase match: remember the tokens of recent values. Bounded, as values come from data.
const tokenCache = new Map<string, string[]>();
function cachedTokens(text: string): string[] {
  let found = tokenCache.get(text);
  if (found === undefined) {
    found = tokens(text);
    if (tokenCache.size >= 10_000) tokenCache.clear();
    tokenCache.set(text, found);
  }
  return found;
}

/** A phrase prepared once per query: its text and its tokens. */
interface Phrase {
  text: string;
  tokens: string[];
}

function phrase(text: string): Phrase {
  return { text, tokens: tokens(text) };
}

/** match_phrase: the phrase's tokens appear consecutively in the value (exact for `.keyword`). */
function phraseMatches(value: unknown, phrase: Phrase, exact: boolean): boolean {
  if (typeof value === "number" || typeof value === "boolean") {
    if (String(value) === phrase.text) return true;
    return typeof value === "number" && phrase.text.trim() !== "" && Number(phrase.text) === value;
  }
  const text = String(value);
  if (exact) return text === phrase.text;
  const wanted = phrase.tokens;
  if (wanted.length === 0) return text === phrase.text;
  const have = cachedTokens(text);
  outer: for (let start = 0; start + wanted.length <= have.length; start++) {
    for (let i = 0; i < wanted.length; i++) if (have[start + i] !== wanted[i]) continue outer;
    return true;
  }
  return false;
}

type Predicate = (document: unknown) => boolean;
type RangeOp = "gt" | "gte" | "lte";

/**
 * A range bound read once per query: as a number when it is one, as a date (date math resolved by
 * the query's clock, rounded as the operator wants), and as text for the string comparison that is
 * left when neither applies.
 */
interface Bound {
  op: RangeOp;
  /** The bound as a number, when it is a number or numeric text. */
  number: number | undefined;
  /** The bound as epoch milliseconds, when it is a number or a date (math) expression. */
  date: number | undefined;
  text: string;
}

function bound(value: unknown, op: RangeOp, now: number): Bound {
  const boundNumber = typeof value === "number" ? value : undefined;
  return {
    op,
    number: boundNumber ?? (typeof value === "string" && isNumeric(value) ? Number(value) : undefined),
    date: boundNumber ?? (typeof value === "string" ? resolveDateMath(value, now, op !== "gte") : undefined),
    text: String(value),
  };
}

function compareRange(value: unknown, bound: Bound): boolean {
  let left: number | string;
  let right: number | string;
  if (typeof value === "number" && bound.number !== undefined) {
    left = value;
    right = bound.number;
  } else {
    const valueDate =
      typeof value === "number" ? value : typeof value === "string" ? parseDate(value) : undefined;
    if (bound.date !== undefined && valueDate !== undefined) {
      left = valueDate;
      right = bound.date;
    } else {
      left = String(value);
      right = bound.text;
    }
  }
  if (bound.op === "gt") return left > right;
  if (bound.op === "gte") return left >= right;
  return left <= right;
}

function isNumeric(text: string): boolean {
  return text.trim() !== "" && Number.isFinite(Number(text));
}

const DATE_START = /^\d{4}-\d{2}-\d{2}/;
function parseDate(text: string): number | undefined {
  if (!DATE_START.test(text)) return undefined;
  const ms = parseIsoDate(text);
  return Number.isFinite(ms) ? ms : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Whether any value of the document at the field passes the test (stops at the first). */
function anyValue(field: string, test: (fieldValue: unknown) => boolean): Predicate {
  const path = fieldPath(field);
  return (doc) => visitValuesAt(doc, path, test);
}

/** Builds the test of one filter, once per query; negation is applied by the caller (must_not). */
function positive(filter: Filter, now: number): Predicate {
  const field = filter.field ?? "";
  const exact = field.endsWith(".keyword");
  const { value } = filter;
  const any = (test: (fieldValue: unknown) => boolean): Predicate => anyValue(field, test);
  switch (filter.operator) {
    case "IS":
    case "IS_NOT": {
      const wanted = phrase(String(value));
      return any((v) => phraseMatches(v, wanted, exact));
    }
    case "CONTAIN":
    case "DOES_NOT_CONTAIN": {
      const needle = String(value).toLowerCase();
      return any((v) => String(v).toLowerCase().includes(needle));
    }
    case "CONTAIN_ONE_OF":
    case "DOES_NOT_CONTAIN_ONE_OF":
    case "IS_ONE_OF":
    case "IS_NOT_ONE_OF": {
      const phrases = asList(value).map((item) => phrase(String(item)));
      return any((v) => phrases.some((wanted) => phraseMatches(v, wanted, exact)));
    }
    case "IS_ONE_OF_TERMS":
    case "IS_ONE_OF_TERMS_OR": {
      const terms = new Set(asList(value).map(String));
      return any((v) => terms.has(String(v)));
    }
    case "EXIST":
    case "DOES_NOT_EXIST":
      return any(() => true);
    case "IS_BETWEEN":
    case "IS_NOT_BETWEEN": {
      const [from, to] = value as [unknown, unknown];
      const lower = bound(from, "gte", now);
      const upper = bound(to, "lte", now);
      return any((v) => compareRange(v, lower) && compareRange(v, upper));
    }
    case "IS_IN_FIELDS":
    case "IS_NOT_IN_FIELDS":
      return inAnyField(String(value).toLowerCase());
    case "ENDS_WITH":
    case "NOT_ENDS_WITH": {
      const suffix = String(value);
      return any((v) => String(v).endsWith(suffix));
    }
    case "START_WITH":
    case "NOT_START_WITH": {
      const prefix = String(value);
      return any((v) => String(v).startsWith(prefix));
    }
    case "IS_GREATER_THAN": {
      const lower = bound(value, "gt", now);
      return any((v) => compareRange(v, lower));
    }
    case "IS_LESS_THAN_OR_EQUALS": {
      const upper = bound(value, "lte", now);
      return any((v) => compareRange(v, upper));
    }
  }
}

// Every character a number can print as, lower-cased (digits, sign, point, exponent, "infinity", "nan").
const NUMBER_CHARACTERS = /^[0-9+\-.einftya]*$/;

/** Some leaf of the document contains the (lower-case) needle, case-insensitively. */
function inAnyField(needle: string): Predicate {
  // printing a number (coordinates, ports...) is costly: skip it when no number could contain the needle
  const numbersCanMatch = NUMBER_CHARACTERS.test(needle);
  const test = (leaf: unknown): boolean =>
    typeof leaf === "number" && !numbersCanMatch ? false : String(leaf).toLowerCase().includes(needle);
  return (doc) => visitLeafValues(doc, test);
}

const NEGATED = new Set<Operator>([
  "IS_NOT",
  "DOES_NOT_CONTAIN",
  "DOES_NOT_CONTAIN_ONE_OF",
  "IS_NOT_ONE_OF",
  "DOES_NOT_EXIST",
  "IS_NOT_BETWEEN",
  "IS_NOT_IN_FIELDS",
  "NOT_ENDS_WITH",
  "NOT_START_WITH",
]);

/**
 * Compiles filters into one document test, as UTMStack's `SearchUtil` builds one `bool` query:
 * every filter must hold (negative operators as must_not), and when any `IS_ONE_OF_TERMS_OR` is
 * present at least one of those must hold (minimum_should_match 1).
 * @param now the mock clock's time, for date math such as `now-7d`
 */
export function compileFilters(filters: readonly Filter[], now: number): Predicate {
  const must: Predicate[] = [];
  const mustNot: Predicate[] = [];
  const should: Predicate[] = [];
  for (const filter of filters) {
    const test = positive(filter, now);
    if (filter.operator === "IS_ONE_OF_TERMS_OR") should.push(test);
    else if (NEGATED.has(filter.operator)) mustNot.push(test);
    else must.push(test);
  }
  return (doc) =>
    must.every((test) => test(doc)) &&
    !mustNot.some((test) => test(doc)) &&
    (should.length === 0 || should.some((test) => test(doc)));
}
