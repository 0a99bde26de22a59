// The operator list comes from the spec (generated into @keywarden/rules); the groups below refine it per
// value, and `VALUE_KINDS` (value-kinds.ts) fails to compile when the spec adds or drops an operator.
import { OPERATORS as SPEC_OPERATORS, type Operator as SpecOperator } from "@keywarden/rules";

/** UTMStack's 22 search operators, in the backend's declaration order (`OperatorType`). */
export const OPERATORS = SPEC_OPERATORS;

/** One of UTMStack's search operators. */
export type Operator = SpecOperator;

/** A single comparable value: text, a number, or a boolean (sent as the value; UTMStack compares its string form). */
export type Scalar = string | number | boolean;

/** A bound of a range: a number, an ISO date, or Elasticsearch date math (`now-7d`, `now/d`). */
export type RangeBound = string | number;

/** Operators comparing a field with one scalar (phrase match). */
export type ScalarOperator = "IS" | "IS_NOT";
/** Operators matching text inside a field. */
export type TextOperator =
  | "CONTAIN"
  | "DOES_NOT_CONTAIN"
  | "ENDS_WITH"
  | "NOT_ENDS_WITH"
  | "START_WITH"
  | "NOT_START_WITH";
/** Operators taking a non-empty list of values, matched as phrases. */
export type ListOperator = "CONTAIN_ONE_OF" | "DOES_NOT_CONTAIN_ONE_OF" | "IS_ONE_OF" | "IS_NOT_ONE_OF";
/** Operators taking a non-empty list of exact string terms. */
export type TermsOperator = "IS_ONE_OF_TERMS" | "IS_ONE_OF_TERMS_OR";
/** Operators on the presence of a field; they take no value. */
export type ExistenceOperator = "EXIST" | "DOES_NOT_EXIST";
/** Operators taking a `[from, to]` pair (both inclusive). */
export type RangeOperator = "IS_BETWEEN" | "IS_NOT_BETWEEN";
/** Operators searching every field for text; the field is ignored by UTMStack. */
export type AnyFieldOperator = "IS_IN_FIELDS" | "IS_NOT_IN_FIELDS";
/** Operators comparing with one bound. */
export type BoundOperator = "IS_GREATER_THAN" | "IS_LESS_THAN_OR_EQUALS";

/** A non-empty list. */
export type NonEmpty<T> = readonly [T, ...T[]];

/**
 * One search filter, as UTMStack's `FilterType` JSON. The union ties each operator to the value it takes,
 * so a filter with the wrong value (a list for `IS`, no pair for `IS_BETWEEN`) does not compile.
 * `F` narrows the field names (see `filtersFor`).
 */
export type Filter<F extends string = string> =
  | { field: F; operator: ScalarOperator; value: Scalar }
  | { field: F; operator: TextOperator; value: string }
  | { field: F; operator: ListOperator; value: NonEmpty<Scalar> }
  | { field: F; operator: TermsOperator; value: NonEmpty<string> }
  | { field: F; operator: ExistenceOperator; value?: undefined }
  | { field: F; operator: RangeOperator; value: readonly [RangeBound, RangeBound] }
  | { field?: F | undefined; operator: AnyFieldOperator; value: string }
  | { field: F; operator: BoundOperator; value: RangeBound };
