import { VALUE_RULES, type ValueKind } from "./value-kinds.js";

const isScalar = (value: unknown): boolean =>
  typeof value === "string" ||
  typeof value === "boolean" ||
  (typeof value === "number" && Number.isFinite(value));
const isBound = (value: unknown): boolean =>
  (typeof value === "string" && value.length > 0) || (typeof value === "number" && Number.isFinite(value));

function everyItem(value: unknown, test: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (!test(value[i])) return false;
  return true;
}

function valuePasses(kind: ValueKind, value: unknown): boolean {
  switch (kind) {
    case "scalar":
      return isScalar(value);
    case "text":
      return typeof value === "string";
    case "some-text":
      return typeof value === "string" && value.length > 0;
    case "bound":
      return isBound(value);
    case "pair":
      return Array.isArray(value) && value.length === 2 && isBound(value[0]) && isBound(value[1]);
    case "scalars":
      return everyItem(value, isScalar);
    case "terms":
      return everyItem(value, (item) => typeof item === "string");
    case "none":
      return value === undefined || value === null;
  }
}

/**
 * True when a filter certainly passes `filterSchema`: the same rules (value-kinds.ts) read as plain
 * checks, several times cheaper than running zod on every search. False means "ask the schema", which
 * gives the verdict and the message; a property test pins that true is never wrong.
 */
export function filterPasses(filter: unknown): boolean {
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) return false;
  const { field, operator, value } = filter as Record<string, unknown>;
  const rule =
    typeof operator === "string" && Object.hasOwn(VALUE_RULES, operator)
      ? VALUE_RULES[operator as keyof typeof VALUE_RULES]
      : undefined;
  if (rule === undefined) return false;
  if (field !== undefined && typeof field !== "string") return false;
  if (rule.field && !field) return false;
  return valuePasses(rule.kind, value);
}
