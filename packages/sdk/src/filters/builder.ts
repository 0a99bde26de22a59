import type { Filter, NonEmpty, RangeBound, Scalar } from "./operators.js";

/**
 * The typed filter builder: one function per operator, named the way a query reads.
 *
 * @example
 * ```ts
 * const filters = [f.is("status", 2), f.isNot("tags", "False positive"), f.between("@timestamp", "now-7d", "now")];
 * ```
 */
export interface FilterBuilder<F extends string = string> {
  /** `IS`: the field matches the value as a phrase. */
  is(field: F, value: Scalar): Filter<F>;
  /** `IS_NOT`: the field does not match the value. */
  isNot(field: F, value: Scalar): Filter<F>;
  /** `CONTAIN`: the field contains the text (wildcard `*text*`). */
  contains(field: F, text: string): Filter<F>;
  /** `DOES_NOT_CONTAIN`: the field does not contain the text. */
  doesNotContain(field: F, text: string): Filter<F>;
  /** `CONTAIN_ONE_OF`: the field matches at least one of the values. */
  containsOneOf(field: F, values: NonEmpty<Scalar>): Filter<F>;
  /** `DOES_NOT_CONTAIN_ONE_OF`: the field matches none of the values. */
  doesNotContainOneOf(field: F, values: NonEmpty<Scalar>): Filter<F>;
  /** `IS_ONE_OF`: the field is one of the values. */
  isOneOf(field: F, values: NonEmpty<Scalar>): Filter<F>;
  /** `IS_NOT_ONE_OF`: the field is none of the values. */
  isNotOneOf(field: F, values: NonEmpty<Scalar>): Filter<F>;
  /** `IS_ONE_OF_TERMS`: exact `terms` match on a keyword field. */
  isOneOfTerms(field: F, terms: NonEmpty<string>): Filter<F>;
  /** `IS_ONE_OF_TERMS_OR`: like `isOneOfTerms`, but several of these are OR-ed together. */
  isOneOfTermsOr(field: F, terms: NonEmpty<string>): Filter<F>;
  /** `EXIST`: the field is present. */
  exists(field: F): Filter<F>;
  /** `DOES_NOT_EXIST`: the field is absent. */
  doesNotExist(field: F): Filter<F>;
  /** `IS_BETWEEN`: `from <= field <= to` (numbers, dates or date math such as `now-7d`). */
  between(field: F, from: RangeBound, to: RangeBound): Filter<F>;
  /** `IS_NOT_BETWEEN`: the field is outside `[from, to]`. */
  notBetween(field: F, from: RangeBound, to: RangeBound): Filter<F>;
  /** `IS_IN_FIELDS`: some field of the document contains the text. */
  inAnyField(text: string): Filter<F>;
  /** `IS_NOT_IN_FIELDS`: no field of the document contains the text. */
  notInAnyField(text: string): Filter<F>;
  /** `ENDS_WITH`: the field ends with the text. */
  endsWith(field: F, text: string): Filter<F>;
  /** `NOT_ENDS_WITH`: the field does not end with the text. */
  notEndsWith(field: F, text: string): Filter<F>;
  /** `START_WITH`: the field starts with the text. */
  startsWith(field: F, text: string): Filter<F>;
  /** `NOT_START_WITH`: the field does not start with the text. */
  notStartsWith(field: F, text: string): Filter<F>;
  /** `IS_GREATER_THAN`: `field > bound`. */
  greaterThan(field: F, bound: RangeBound): Filter<F>;
  /** `IS_LESS_THAN_OR_EQUALS`: `field <= bound`. */
  lessThanOrEquals(field: F, bound: RangeBound): Filter<F>;
}

/**
 * A filter builder whose field names are limited to `F` (for example the dotted paths of your documents).
 *
 * @example
 * ```ts
 * const a = filtersFor<"severity" | "status" | "@timestamp">();
 * a.isOneOf("severity", [2, 3]);
 * // a.is("sevrity", 2)  -> does not compile
 * ```
 */
export function filtersFor<F extends string = string>(): FilterBuilder<F> {
  return {
    is: (field, value) => ({ field, operator: "IS", value }),
    isNot: (field, value) => ({ field, operator: "IS_NOT", value }),
    contains: (field, value) => ({ field, operator: "CONTAIN", value }),
    doesNotContain: (field, value) => ({ field, operator: "DOES_NOT_CONTAIN", value }),
    containsOneOf: (field, value) => ({ field, operator: "CONTAIN_ONE_OF", value }),
    doesNotContainOneOf: (field, value) => ({ field, operator: "DOES_NOT_CONTAIN_ONE_OF", value }),
    isOneOf: (field, value) => ({ field, operator: "IS_ONE_OF", value }),
    isNotOneOf: (field, value) => ({ field, operator: "IS_NOT_ONE_OF", value }),
    isOneOfTerms: (field, value) => ({ field, operator: "IS_ONE_OF_TERMS", value }),
    isOneOfTermsOr: (field, value) => ({ field, operator: "IS_ONE_OF_TERMS_OR", value }),
    exists: (field) => ({ field, operator: "EXIST" }),
    doesNotExist: (field) => ({ field, operator: "DOES_NOT_EXIST" }),
    between: (field, from, to) => ({ field, operator: "IS_BETWEEN", value: [from, to] }),
    notBetween: (field, from, to) => ({ field, operator: "IS_NOT_BETWEEN", value: [from, to] }),
    inAnyField: (value) => ({ operator: "IS_IN_FIELDS", value }),
    notInAnyField: (value) => ({ operator: "IS_NOT_IN_FIELDS", value }),
    endsWith: (field, value) => ({ field, operator: "ENDS_WITH", value }),
    notEndsWith: (field, value) => ({ field, operator: "NOT_ENDS_WITH", value }),
    startsWith: (field, value) => ({ field, operator: "START_WITH", value }),
    notStartsWith: (field, value) => ({ field, operator: "NOT_START_WITH", value }),
    greaterThan: (field, value) => ({ field, operator: "IS_GREATER_THAN", value }),
    lessThanOrEquals: (field, value) => ({ field, operator: "IS_LESS_THAN_OR_EQUALS", value }),
  };
}

/** The filter builder for any field name. */
export const f: FilterBuilder = filtersFor();
