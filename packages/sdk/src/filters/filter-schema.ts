import { OPERATOR_OPERANDS, OPERATORS, type Operator } from "@keywarden/rules";
import * as v from "valibot";
import { inputObject } from "../validation/input-object.js";
import { VALUE_KINDS, type ValueKind } from "./value-kinds.js";

// One check per kind rather than a union: a union tries its members in turn and builds an issue for
// each miss, on valid input too. JSON has no Infinity or NaN: they would reach the server as null.
const finite = <T>() =>
  v.check<T, string>(
    (value) => typeof value !== "number" || Number.isFinite(value),
    "numbers must be finite",
  );
const SCALAR = "takes a text, a number or a boolean";
const scalar = v.pipe(
  v.custom<string | number | boolean>(
    (value) => typeof value === "string" || typeof value === "number" || typeof value === "boolean",
    SCALAR,
  ),
  finite<string | number | boolean>(),
);
const BOUND = "takes a non-empty text (a date, date math) or a number";
const bound = v.pipe(
  v.custom<string | number>(
    (value) => (typeof value === "string" && value !== "") || typeof value === "number",
    BOUND,
  ),
  finite<string | number>(),
);
const list = <T extends v.GenericSchema>(item: T, operator: string) =>
  v.pipe(
    v.array(item, `${operator} takes a list of values`),
    v.minLength(1, `${operator} needs at least one value`),
  );
const pair = (operator: string) => v.strictTuple([bound, bound], `${operator} takes a [from, to] pair`);

/** The schema of each kind of value (see value-kinds.ts), with messages naming the operator. */
function valueSchema(kind: ValueKind, operator: Operator): v.GenericSchema | undefined {
  switch (kind) {
    case "scalar":
      return scalar;
    case "text":
      return v.string("takes a text value");
    case "some-text":
      return v.pipe(v.string("needs some text"), v.minLength(1, "needs some text"));
    case "bound":
      return bound;
    case "pair":
      return pair(operator);
    case "scalars":
      return list(scalar, operator);
    case "terms":
      return list(v.string("terms are strings"), operator);
    case "none":
      return undefined;
  }
}

/**
 * What each operator accepts at run time (the `Filter` type's rules, for callers without TypeScript):
 * whether it needs a field, as the spec says, and the schema of its value.
 */
const valueRules = Object.fromEntries(
  OPERATORS.map((operator) => [
    operator,
    { field: OPERATOR_OPERANDS[operator].field, value: valueSchema(VALUE_KINDS[operator], operator) },
  ]),
) as Record<Operator, { field: boolean; value: v.GenericSchema | undefined }>;

/** Run-time check of one filter: a known operator, a field where one is needed, and the right kind of value. */
export const filterSchema = v.pipe(
  inputObject({
    field: v.optional(v.string("field must be a field name")),
    operator: v.picklist(OPERATORS, `operator must be one of ${OPERATORS.join(", ")}`),
    value: v.optional(v.unknown()),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    // A filter that failed its object schema is reported already, with nothing sound to check here.
    if (!dataset.typed) return;
    const filter = dataset.value;
    const at = (key: "field" | "value", message: string) =>
      addIssue({
        message,
        path: [{ type: "object", origin: "value", input: filter, key, value: filter[key] }],
      });
    const rule = valueRules[filter.operator];
    if (rule.field && (typeof filter.field !== "string" || filter.field === "")) {
      at("field", `${filter.operator} needs a field name`);
    }
    if (rule.value === undefined) {
      if (filter.value !== undefined && filter.value !== null) {
        at("value", `${filter.operator} takes no value`);
      }
      return;
    }
    if (filter.value === undefined || filter.value === null) {
      at("value", `${filter.operator} needs a value`);
      return;
    }
    const result = v.safeParse(rule.value, filter.value);
    if (!result.success) at("value", `${filter.operator}: ${result.issues[0].message}`);
  }),
);

/** A list of filters (the search body). */
export const filtersSchema = v.array(filterSchema, "filters must be an array");
