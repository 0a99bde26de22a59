// Matching: what each of the 22 operators means over a document, compiled once per query.

import { inAnyField } from "./all-fields.js";
import { includesIgnoringCase } from "./case-insensitive.js";
import { fieldPath, visitValuesAt } from "./field-path.js";
import type { Filter, Operator } from "./operators.js";
import { phrase, phraseMatches, phraseSet } from "./phrases.js";
import { bound, type DateReader, passes, valueDate } from "./range.js";

type Predicate = (document: unknown) => boolean;

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Whether any value of the document at the field passes the test (stops at the first). */
function anyValue(field: string, test: (fieldValue: unknown) => boolean): Predicate {
  const path = fieldPath(field);
  return (doc) => visitValuesAt(doc, path, test);
}

/** Builds the test of one filter, once per query; negation is applied by the caller (must_not). */
function positive(filter: Filter, now: number, dateOf: DateReader): Predicate {
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
      const contains = includesIgnoringCase(String(value));
      return any((v) => contains(String(v)));
    }
    case "CONTAIN_ONE_OF":
    case "DOES_NOT_CONTAIN_ONE_OF":
    case "IS_ONE_OF":
    case "IS_NOT_ONE_OF": {
      return any(phraseSet(asList(value).map(String), exact));
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
      return any((v) => {
        const date = dateOf(v);
        return passes(v, date, lower) && passes(v, date, upper);
      });
    }
    case "IS_IN_FIELDS":
    case "IS_NOT_IN_FIELDS":
      return inAnyField(String(value));
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
      return any((v) => passes(v, dateOf(v), lower));
    }
    case "IS_LESS_THAN_OR_EQUALS": {
      const upper = bound(value, "lte", now);
      return any((v) => passes(v, dateOf(v), upper));
    }
  }
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

/** All the tests pass; undefined when there are none. */
function allOf(tests: readonly Predicate[]): Predicate | undefined {
  if (tests.length <= 1) return tests[0];
  return (doc) => {
    for (const test of tests) if (!test(doc)) return false;
    return true;
  };
}

/** Some test passes; undefined when there are none. */
function someOf(tests: readonly Predicate[]): Predicate | undefined {
  if (tests.length <= 1) return tests[0];
  return (doc) => {
    for (const test of tests) if (test(doc)) return true;
    return false;
  };
}

/**
 * Compiles filters into one document test, as UTMStack's `SearchUtil` builds one `bool` query:
 * every filter must hold (negative operators as must_not), and when any `IS_ONE_OF_TERMS_OR` is
 * present at least one of those must hold (minimum_should_match 1).
 * @param now the mock clock's time, for date math such as `now-7d`
 * @param dateOf how field values are read as dates by range filters
 */
export function compileFilters(
  filters: readonly Filter[],
  now: number,
  dateOf: DateReader = valueDate,
): Predicate {
  const must: Predicate[] = [];
  const mustNot: Predicate[] = [];
  const should: Predicate[] = [];
  for (const filter of filters) {
    const test = positive(filter, now, dateOf);
    if (filter.operator === "IS_ONE_OF_TERMS_OR") should.push(test);
    else if (NEGATED.has(filter.operator)) mustNot.push(test);
    else must.push(test);
  }
  // built from the filters present, so a document costs no closure and no empty-list walk
  const required = allOf(must);
  const forbidden = someOf(mustNot);
  const clauses: Predicate[] = [];
  if (required) clauses.push(required);
  if (forbidden) clauses.push((doc) => !forbidden(doc));
  const optional = someOf(should);
  if (optional) clauses.push(optional);
  return allOf(clauses) ?? (() => true);
}
