import * as v from "valibot";

/**
 * An object schema of a call's input. A field left out is reported as `name is required` rather than in
 * valibot's generic words; each field's own schema words what is wrong with a value given.
 */
export function inputObject<const E extends v.ObjectEntries>(entries: E) {
  return v.object(entries, (issue) =>
    issue.path ? `${String(issue.path[0]?.key)} is required` : "must be an object",
  );
}
