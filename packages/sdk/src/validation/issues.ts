import type * as z from "zod/mini";
import type { FieldIssue } from "../errors/validation-error.js";
import { KeywardenValidationError } from "../errors/validation-error.js";

/** Writes a zod path the way a caller would spell it: `filters[0].value`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Turns zod's issues into one `FieldIssue` per bad field (the first message of each field wins). */
export function toFieldIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): FieldIssue[] {
  const seen = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const field = formatPath(issue.path);
    if (!seen.has(field)) seen.set(field, { field, message: issue.message });
  }
  return [...seen.values()];
}

/**
 * Parses `input` with `schema`, or throws a `KeywardenValidationError` naming every bad field.
 * Nothing is sent when this throws.
 */
export function validateInput<S extends z.ZodMiniType>(
  operation: string,
  schema: S,
  input: unknown,
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new KeywardenValidationError(operation, toFieldIssues(result.error));
  return result.data as z.output<S>;
}
