import { OPERATOR_OPERANDS, OPERATORS, type Operator } from "@keywarden/rules";
import * as z from "zod/mini";
import { VALUE_KINDS, type ValueKind } from "./value-kinds.js";

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const bound = z.union([z.string().check(z.minLength(1)), z.number()]);
const text = z.string("takes a text value");
const list = <T extends z.ZodMiniType>(item: T, operator: string) =>
  z
    .array(item, `${operator} takes a list of values`)
    .check(z.minLength(1, `${operator} needs at least one value`));
const pair = (operator: string) => z.tuple([bound, bound], `${operator} takes a [from, to] pair`);

/** The zod schema of each kind of value (see value-kinds.ts), with messages naming the operator. */
function valueSchema(kind: ValueKind, operator: Operator): z.ZodMiniType | undefined {
  switch (kind) {
    case "scalar":
      return scalar;
    case "text":
      return text;
    case "some-text":
      return z.string().check(z.minLength(1, "needs some text"));
    case "bound":
      return bound;
    case "pair":
      return pair(operator);
    case "scalars":
      return list(scalar, operator);
    case "terms":
      return list(z.string("terms are strings"), operator);
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
) as Record<Operator, { field: boolean; value: z.ZodMiniType | undefined }>;

/** Run-time check of one filter: a known operator, a field where one is needed, and the right kind of value. */
export const filterSchema = z
  .object({
    field: z.optional(z.string()),
    operator: z.enum(OPERATORS, { error: () => `operator must be one of ${OPERATORS.join(", ")}` }),
    value: z.optional(z.unknown()),
  })
  .check(
    z.superRefine((filter, ctx) => {
      const rule = valueRules[filter.operator];
      if (rule.field && (typeof filter.field !== "string" || filter.field === "")) {
        ctx.addIssue({ code: "custom", path: ["field"], message: `${filter.operator} needs a field name` });
      }
      if (rule.value === undefined) {
        if (filter.value !== undefined && filter.value !== null) {
          ctx.addIssue({ code: "custom", path: ["value"], message: `${filter.operator} takes no value` });
        }
        return;
      }
      if (filter.value === undefined || filter.value === null) {
        ctx.addIssue({ code: "custom", path: ["value"], message: `${filter.operator} needs a value` });
        return;
      }
      const result = rule.value.safeParse(filter.value);
      if (!result.success) {
        const message = result.error.issues[0]?.message ?? "invalid value";
        ctx.addIssue({ code: "custom", path: ["value"], message: `${filter.operator}: ${message}` });
      }
    }),
  );

/** A list of filters (the search body). */
export const filtersSchema = z.array(filterSchema, "filters must be an array");
