import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { JsonObject } from "./openapi-document.js";

/** Validates values against the JSON Schemas found at JSON pointers inside one OpenAPI 3.1 document. */
export interface SchemaValidator {
  /** Errors of `value` against the schema at `schemaPointer` ("#/components/schemas/ApiKey"); [] = valid. */
  errorsAt(schemaPointer: string, value: unknown): string[];
}

const documentId = "urn:keywarden:openapi";

/**
 * Creates an Ajv (JSON Schema 2020-12, which OpenAPI 3.1 uses) that knows the whole document, so every
 * `#/components/...` reference inside a schema resolves against it.
 */
export function createSchemaValidator(document: JsonObject): SchemaValidator {
  // strict: false because OpenAPI adds keywords Ajv does not know (example, x-*, discriminator).
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat("password", true);
  ajv.addSchema(document, documentId);

  return {
    errorsAt(schemaPointer, value) {
      const fragment = schemaPointer
        .slice(1)
        .split("/")
        .map((segment) => encodeURIComponent(segment))
        .join("/");
      const validate = ajv.getSchema(`${documentId}#${fragment}`);
      if (!validate) throw new Error(`no schema at ${schemaPointer}`);
      return validate(value) ? [] : (validate.errors ?? []).map(describeError);
    },
  };
}

/** One Ajv error as a line a person can read: where, what, and the allowed values when useful. */
export function describeError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "(root)" : error.instancePath;
  const params = error.params as Record<string, unknown>;
  const detail =
    error.keyword === "enum"
      ? ` (${JSON.stringify(params.allowedValues)})`
      : error.keyword === "additionalProperties" || error.keyword === "unevaluatedProperties"
        ? ` (${String(params.additionalProperty ?? params.unevaluatedProperty)})`
        : "";
  return `${where} ${error.message ?? error.keyword}${detail}`;
}
