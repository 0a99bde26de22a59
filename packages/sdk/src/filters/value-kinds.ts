import type { OPERATOR_OPERANDS, OperandKind, Operator } from "@keywarden/rules";

/**
 * What a filter's value must be, as the SDK checks it: the spec's operand kinds (`OPERATOR_OPERANDS`,
 * generated from FilterType) made stricter where UTMStack would fail at run time.
 * - `scalar`: text, a finite number or a boolean; `text`: text; `some-text`: non-empty text;
 * - `bound`: non-empty text (a date, date math) or a finite number; `pair`: `[bound, bound]`;
 * - `scalars` / `terms`: a non-empty list of scalars / of texts; `none`: no value (absent or null).
 */
export type ValueKind = "scalar" | "text" | "some-text" | "bound" | "pair" | "scalars" | "terms" | "none";

/** The SDK's kinds that narrow each of the spec's operand kinds. */
interface Narrowing {
  scalar: "scalar" | "text" | "some-text" | "bound";
  list: "scalars" | "terms";
  pair: "pair";
  none: "none";
}

/** The kind of value each operator takes; the type lets only a narrowing of the spec's kind through. */
export const VALUE_KINDS: {
  readonly [O in Operator]: Narrowing[(typeof OPERATOR_OPERANDS)[O]["value"] & OperandKind];
} = {
  IS: "scalar",
  IS_NOT: "scalar",
  CONTAIN: "text",
  DOES_NOT_CONTAIN: "text",
  ENDS_WITH: "text",
  NOT_ENDS_WITH: "text",
  START_WITH: "text",
  NOT_START_WITH: "text",
  CONTAIN_ONE_OF: "scalars",
  DOES_NOT_CONTAIN_ONE_OF: "scalars",
  IS_ONE_OF: "scalars",
  IS_NOT_ONE_OF: "scalars",
  IS_ONE_OF_TERMS: "terms",
  IS_ONE_OF_TERMS_OR: "terms",
  EXIST: "none",
  DOES_NOT_EXIST: "none",
  IS_BETWEEN: "pair",
  IS_NOT_BETWEEN: "pair",
  IS_IN_FIELDS: "some-text",
  IS_NOT_IN_FIELDS: "some-text",
  IS_GREATER_THAN: "bound",
  IS_LESS_THAN_OR_EQUALS: "bound",
};
