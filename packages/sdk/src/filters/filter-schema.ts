import * as z from "zod/mini";
import { OPERATORS, type Operator } from "./operators.js";

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const bound = z.union([z.string().check(z.minLength(1)), z.number()]);
const text = z.string("takes a text value");
const list = <T extends z.ZodMiniType>(item: T, operator: string) =>
  z
    .array(item, `${operator} takes a list of values`)
    .check(z.minLength(1, `${operator} needs at least one value`));
const pair = (operator: string) => z.tuple([bound, bound], `${operator} takes a [from, to] pair`);

/** The value each operator accepts at run time (mirrors the `Filter` type, for callers without TypeScript). */
const valueRules: Record<Operator, { field: boolean; value: z.ZodMiniType | undefined }> = {
  IS: { field: true, value: scalar },
  IS_NOT: { field: true, value: scalar },
  CONTAIN: { field: true, value: text },
  DOES_NOT_CONTAIN: { field: true, value: text },
  ENDS_WITH: { field: true, value: text },
  NOT_ENDS_WITH: { field: true, value: text },
  START_WITH: { field: true, value: text },
  NOT_START_WITH: { field: true, value: text },
  CONTAIN_ONE_OF: { field: true, value: list(scalar, "CONTAIN_ONE_OF") },
  DOES_NOT_CONTAIN_ONE_OF: { field: true, value: list(scalar, "DOES_NOT_CONTAIN_ONE_OF") },
  IS_ONE_OF: { field: true, value: list(scalar, "IS_ONE_OF") },
  IS_NOT_ONE_OF: { field: true, value: list(scalar, "IS_NOT_ONE_OF") },
  IS_ONE_OF_TERMS: { field: true, value: list(z.string("terms are strings"), "IS_ONE_OF_TERMS") },
  IS_ONE_OF_TERMS_OR: { field: true, value: list(z.string("terms are strings"), "IS_ONE_OF_TERMS_OR") },
  EXIST: { field: true, value: undefined },
  DOES_NOT_EXIST: { field: true, value: undefined },
  IS_BETWEEN: { field: true, value: pair("IS_BETWEEN") },
  IS_NOT_BETWEEN: { field: true, value: pair("IS_NOT_BETWEEN") },
  IS_IN_FIELDS: { field: false, value: z.string().check(z.minLength(1, "needs some text")) },
  IS_NOT_IN_FIELDS: { field: false, value: z.string().check(z.minLength(1, "needs some text")) },
  IS_GREATER_THAN: { field: true, value: bound },
  IS_LESS_THAN_OR_EQUALS: { field: true, value: bound },
};

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
