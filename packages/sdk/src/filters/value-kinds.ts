import type { Operator } from "./operators.js";

/**
 * What a filter's value must be, per operator: the zod schema (filter-schema.ts) and the plain check
 * (filter-check.ts) are both built from this one table, so they cannot disagree on the rules.
 * - `scalar`: text, a finite number or a boolean; `text`: text; `some-text`: non-empty text;
 * - `bound`: non-empty text (a date, date math) or a finite number; `pair`: `[bound, bound]`;
 * - `scalars` / `terms`: a non-empty list of scalars / of texts; `none`: no value (absent or null).
 */
export type ValueKind = "scalar" | "text" | "some-text" | "bound" | "pair" | "scalars" | "terms" | "none";

/** Per operator: whether it needs a field name, and the kind of value it takes. */
export const VALUE_RULES: Record<Operator, { field: boolean; kind: ValueKind }> = {
  IS: { field: true, kind: "scalar" },
  IS_NOT: { field: true, kind: "scalar" },
  CONTAIN: { field: true, kind: "text" },
  DOES_NOT_CONTAIN: { field: true, kind: "text" },
  ENDS_WITH: { field: true, kind: "text" },
  NOT_ENDS_WITH: { field: true, kind: "text" },
  START_WITH: { field: true, kind: "text" },
  NOT_START_WITH: { field: true, kind: "text" },
  CONTAIN_ONE_OF: { field: true, kind: "scalars" },
  DOES_NOT_CONTAIN_ONE_OF: { field: true, kind: "scalars" },
  IS_ONE_OF: { field: true, kind: "scalars" },
  IS_NOT_ONE_OF: { field: true, kind: "scalars" },
  IS_ONE_OF_TERMS: { field: true, kind: "terms" },
  IS_ONE_OF_TERMS_OR: { field: true, kind: "terms" },
  EXIST: { field: true, kind: "none" },
  DOES_NOT_EXIST: { field: true, kind: "none" },
  IS_BETWEEN: { field: true, kind: "pair" },
  IS_NOT_BETWEEN: { field: true, kind: "pair" },
  IS_IN_FIELDS: { field: false, kind: "some-text" },
  IS_NOT_IN_FIELDS: { field: false, kind: "some-text" },
  IS_GREATER_THAN: { field: true, kind: "bound" },
  IS_LESS_THAN_OR_EQUALS: { field: true, kind: "bound" },
};
