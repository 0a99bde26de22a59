import * as v from "valibot";
import type { FieldIssue } from "../errors/validation-error.js";
import { KeywardenValidationError } from "../errors/validation-error.js";

/** Writes an issue's path the way a caller would spell it: `filters[0].value`. */
export function formatPath(path: readonly { key: unknown }[] | undefined): string {
  let out = "";
  for (const { key } of path ?? []) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Turns valibot's issues into one `FieldIssue` per bad field (the first message of each field wins). */
export function toFieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  const seen = new Map<string, FieldIssue>();
  for (const issue of issues) {
    const field = formatPath(issue.path);
    if (!seen.has(field)) seen.set(field, { field, message: issue.message });
  }
  return [...seen.values()];
}

/**
 * Parses `input` with `schema`, or throws a `KeywardenValidationError` naming every bad field.
 * Nothing is sent when this throws.
 */
export function validateInput<S extends v.GenericSchema>(
  operation: string,
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new KeywardenValidationError(operation, toFieldIssues(result.issues));
  return result.output;
}
