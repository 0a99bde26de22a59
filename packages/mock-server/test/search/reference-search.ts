// The search as first written, in the fewest and plainest lines: every value extracted afresh, filter,
// full sort, slice. The optimised search in src/search must return exactly what this returns.
import type { SortOrder } from "../../src/http/pageable.js";
import { resolveDateMath } from "../../src/search/date-math.js";
import type { Filter, Operator } from "../../src/search/operators.js";
import type { SearchQuery, SearchResult } from "../../src/search/search.js";

function valuesAt(document: unknown, path: string): unknown[] {
  const field = path.endsWith(".keyword") ? path.slice(0, -".keyword".length) : path;
  const out: unknown[] = [];
  collect(document, field, out);
  return out;
}

function collect(node: unknown, path: string, out: unknown[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, path, out);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (Object.hasOwn(record, path)) {
    pushFlat(record[path], out);
    return;
  }
  for (let dot = path.indexOf("."); dot !== -1; dot = path.indexOf(".", dot + 1)) {
    const head = path.slice(0, dot);
    if (Object.hasOwn(record, head)) collect(record[head], path.slice(dot + 1), out);
  }
}

function pushFlat(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) for (const item of value) pushFlat(item, out);
  else if (value !== undefined && value !== null) out.push(value);
}

function allLeafValues(document: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(document)) for (const item of document) allLeafValues(item, out);
  else if (typeof document === "object" && document !== null) {
    for (const value of Object.values(document)) allLeafValues(value, out);
  } else if (document !== undefined && document !== null) out.push(document);
  return out;
}

const tokens = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function phraseMatches(value: unknown, phrase: string, exact: boolean): boolean {
  if (typeof value === "number" || typeof value === "boolean") {
    if (String(value) === phrase) return true;
    return typeof value === "number" && phrase.trim() !== "" && Number(phrase) === value;
  }
  const text = String(value);
  if (exact) return text === phrase;
  const wanted = tokens(phrase);
  if (wanted.length === 0) return text === phrase;
  const have = tokens(text);
  outer: for (let start = 0; start + wanted.length <= have.length; start++) {
    for (let i = 0; i < wanted.length; i++) if (have[start + i] !== wanted[i]) continue outer;
    return true;
  }
  return false;
}

const isNumeric = (text: string) => text.trim() !== "" && Number.isFinite(Number(text));

function parseDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

function compareRange(value: unknown, bound: unknown, op: "gt" | "gte" | "lte", now: number): boolean {
  const boundNumber = typeof bound === "number" ? bound : undefined;
  let left: number | string;
  let right: number | string;
  if (
    typeof value === "number" &&
    (boundNumber !== undefined || (typeof bound === "string" && isNumeric(bound)))
  ) {
    left = value;
    right = boundNumber ?? Number(bound);
  } else {
    const boundDate =
      boundNumber ?? (typeof bound === "string" ? resolveDateMath(bound, now, op !== "gte") : undefined);
    const valueDate =
      typeof value === "number" ? value : typeof value === "string" ? parseDate(value) : undefined;
    if (boundDate !== undefined && valueDate !== undefined) {
      left = valueDate;
      right = boundDate;
    } else {
      left = String(value);
      right = String(bound);
    }
  }
  if (op === "gt") return left > right;
  if (op === "gte") return left >= right;
  return left <= right;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function positive(filter: Filter, now: number, doc: unknown): boolean {
  const field = filter.field ?? "";
  const exact = field.endsWith(".keyword");
  const { value } = filter;
  const any = (test: (v: unknown) => boolean) => valuesAt(doc, field).some(test);
  switch (filter.operator) {
    case "IS":
    case "IS_NOT":
      return any((v) => phraseMatches(v, String(value), exact));
    case "CONTAIN":
    case "DOES_NOT_CONTAIN":
      return any((v) => String(v).toLowerCase().includes(String(value).toLowerCase()));
    case "CONTAIN_ONE_OF":
    case "DOES_NOT_CONTAIN_ONE_OF":
    case "IS_ONE_OF":
    case "IS_NOT_ONE_OF":
      return any((v) => asList(value).some((phrase) => phraseMatches(v, String(phrase), exact)));
    case "IS_ONE_OF_TERMS":
    case "IS_ONE_OF_TERMS_OR":
      return any((v) => asList(value).map(String).includes(String(v)));
    case "EXIST":
    case "DOES_NOT_EXIST":
      return valuesAt(doc, field).length > 0;
    case "IS_BETWEEN":
    case "IS_NOT_BETWEEN": {
      const [from, to] = value as [unknown, unknown];
      return any((v) => compareRange(v, from, "gte", now) && compareRange(v, to, "lte", now));
    }
    case "IS_IN_FIELDS":
    case "IS_NOT_IN_FIELDS":
      return allLeafValues(doc).some((v) => String(v).toLowerCase().includes(String(value).toLowerCase()));
    case "ENDS_WITH":
    case "NOT_ENDS_WITH":
      return any((v) => String(v).endsWith(String(value)));
    case "START_WITH":
    case "NOT_START_WITH":
      return any((v) => String(v).startsWith(String(value)));
    case "IS_GREATER_THAN":
      return any((v) => compareRange(v, value, "gt", now));
    case "IS_LESS_THAN_OR_EQUALS":
      return any((v) => compareRange(v, value, "lte", now));
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

function matches(filters: readonly Filter[], now: number, doc: unknown): boolean {
  const should = filters.filter((filter) => filter.operator === "IS_ONE_OF_TERMS_OR");
  return (
    filters.every(
      (filter) =>
        filter.operator === "IS_ONE_OF_TERMS_OR" ||
        positive(filter, now, doc) !== NEGATED.has(filter.operator),
    ) &&
    (should.length === 0 || should.some((filter) => positive(filter, now, doc)))
  );
}

function rank(value: unknown): number {
  return typeof value === "number" ? 0 : typeof value === "boolean" ? 1 : 2;
}

function compareValues(a: unknown, b: unknown): number {
  const byKind = rank(a) - rank(b);
  if (byKind !== 0) return byKind;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareDocuments(orders: readonly SortOrder[], a: unknown, b: unknown): number {
  for (const order of orders) {
    const left = valuesAt(a, order.property)[0];
    const right = valuesAt(b, order.property)[0];
    if (left === undefined || right === undefined) {
      if (left === right) continue;
      return left === undefined ? 1 : -1;
    }
    const result = compareValues(left, right);
    if (result !== 0) return order.direction === "desc" ? -result : result;
  }
  return 0;
}

/** Filter, stable full sort, slice: UTMStack's paging rules in the plainest form. */
export function referenceSearch(documents: readonly unknown[], query: SearchQuery): SearchResult {
  const matched = documents.filter((doc) => matches(query.filters, query.now, doc));
  if (query.sort.length > 0) matched.sort((a, b) => compareDocuments(query.sort, a, b));
  const page = query.page <= 0 ? 1 : query.page;
  const from = query.size * page - query.size;
  const size = Math.max(0, Math.min(query.size, query.top - from));
  return { total: matched.length, hits: matched.slice(from, from + size) };
}
