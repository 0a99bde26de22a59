import { OPERATOR_OPERANDS, OPERATORS, type Operator } from "@keywarden/rules";
import { resolveDateMath } from "./date-math.js";
import { fieldPathProblem } from "./field-path.js";
import { DATE_FIELDS } from "./indexes.js";

export { OPERATORS, type Operator };

/** A search filter (UTMStack's `FilterType`). */
export interface Filter {
  field?: string;
  operator: Operator;
  value?: unknown;
}

/** A search that cannot be run (a bad filter or sort field); `message` says which one and why. */
export class InvalidFilterError extends Error {}

const OPERATOR_SET = new Set<string>(OPERATORS);
// What each operator needs comes from the spec's FilterType (generated into @keywarden/rules).
const operatorsWhere = (test: (operand: (typeof OPERATOR_OPERANDS)[Operator]) => boolean) =>
  new Set<Operator>(OPERATORS.filter((operator) => test(OPERATOR_OPERANDS[operator])));
const NO_FIELD_NEEDED = operatorsWhere((operand) => !operand.field);
const LIST_NEEDED = operatorsWhere((operand) => operand.value === "list" || operand.value === "pair");
const PAIR_NEEDED = operatorsWhere((operand) => operand.value === "pair");
const NO_VALUE_NEEDED = operatorsWhere((operand) => operand.value === "none");
const RANGES = new Set<Operator>([
  "IS_BETWEEN",
  "IS_NOT_BETWEEN",
  "IS_GREATER_THAN",
  "IS_LESS_THAN_OR_EQUALS",
]);
// Text that means to be a date: date math (`now-7d`, `…||+1M`) or an ISO date's start.
const DATE_LIKE = /^\s*(now|\d{4}-)|\|\|/;

/**
 * Why a range bound cannot be read, or undefined. Elasticsearch refuses a date-math or date text it
 * cannot parse, and on a date field (see {@link DATE_FIELDS}) any text that is neither a number nor a
 * date; anywhere else a bound is compared as text, as on a keyword field.
 */
function boundProblem(field: string, bound: unknown): string | undefined {
  if (typeof bound !== "string" || resolveDateMath(bound, 0) !== undefined) return undefined;
  const onDateField = DATE_FIELDS.has(field.endsWith(".keyword") ? field.slice(0, -8) : field);
  const numeric = bound.trim() !== "" && Number.isFinite(Number(bound));
  if (DATE_LIKE.test(bound) || (onDateField && !numeric)) {
    return `field "${field}": ${JSON.stringify(bound)} is not a date or date-math expression (e.g. now-7d, now/d, 2026-01-31T00:00:00Z)`;
  }
  return undefined;
}

/**
 * Checks a request body as a filter list (a JSON array of `{field, operator, value}`; null or
 * absent means no filter), following UTMStack's `FilterType.validate()`.
 * @throws {InvalidFilterError} naming the filter's position and the problem
 */
export function parseFilters(body: unknown): Filter[] {
  if (body === undefined || body === null) return [];
  if (!Array.isArray(body)) throw new InvalidFilterError("The body must be a JSON array of filters");
  return body.map((item, index): Filter => {
    const where = `Filter ${index}`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new InvalidFilterError(`${where}: must be an object {field, operator, value}`);
    }
    const { field, operator, value } = item as Record<string, unknown>;
    if (typeof operator !== "string" || !OPERATOR_SET.has(operator)) {
      throw new InvalidFilterError(
        `${where}: unknown operator ${JSON.stringify(operator)}; use one of ${OPERATORS.join(", ")}`,
      );
    }
    const op = operator as Operator;
    if (field !== undefined && field !== null && typeof field !== "string") {
      throw new InvalidFilterError(`${where} (${op}): field must be a string`);
    }
    if (!NO_FIELD_NEEDED.has(op) && (typeof field !== "string" || field.trim() === "")) {
      throw new InvalidFilterError(`${where} (${op}): Filter field is missing`);
    }
    if (!NO_VALUE_NEEDED.has(op) && (value === undefined || value === null)) {
      throw new InvalidFilterError(`${where} (${op}): Filter value is missing`);
    }
    if (LIST_NEEDED.has(op) && !Array.isArray(value)) {
      throw new InvalidFilterError(`${where} (${op}): value must be a list`);
    }
    if (PAIR_NEEDED.has(op) && (value as unknown[]).length !== 2) {
      throw new InvalidFilterError(`${where} (${op}): value must be a list of two bounds [from, to]`);
    }
    const items = Array.isArray(value) ? value : [value];
    if (items.some((item) => typeof item === "object" && item !== null)) {
      throw new InvalidFilterError(
        `${where} (${op}): value must be a string, number, boolean or a list of those`,
      );
    }
    const pathProblem = typeof field === "string" ? fieldPathProblem(field) : undefined;
    if (pathProblem) throw new InvalidFilterError(`${where} (${op}): ${pathProblem}`);
    if (RANGES.has(op) && typeof field === "string") {
      for (const bound of Array.isArray(value) ? value : [value]) {
        const problem = boundProblem(field, bound);
        if (problem) throw new InvalidFilterError(`${where} (${op}): ${problem}`);
      }
    }
    return { field: typeof field === "string" ? field : undefined, operator: op, value };
  });
}
