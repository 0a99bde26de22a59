import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** Absolute path of the key-service contract. */
export const keywardenSpecPath = fileURLToPath(new URL("../keywarden.openapi.yaml", import.meta.url));

/** A JSON object as it comes out of the YAML parser. */
export type JsonObject = { [key: string]: unknown };

/** The few parts of an OpenAPI 3.1 document these tools read; everything else stays `unknown`. */
export interface OpenApiDocument extends JsonObject {
  openapi: string;
  paths: Record<string, JsonObject>;
  components?: JsonObject;
}

/** The HTTP methods an OpenAPI path item can hold. */
export const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Reads and parses an OpenAPI document (YAML or JSON); throws when it is not one. */
export function loadOpenApiDocument(path: string = keywardenSpecPath): OpenApiDocument {
  const parsed: unknown = parse(readFileSync(path, "utf8"));
  if (!isJsonObject(parsed) || typeof parsed.openapi !== "string" || !isJsonObject(parsed.paths)) {
    throw new Error(`${path} is not an OpenAPI document (no "openapi" version or "paths")`);
  }
  return parsed as OpenApiDocument;
}

/** True for a plain object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Builds a JSON pointer ("#/a/b") from raw segments. */
export function pointerOf(...segments: (string | number)[]): string {
  return `#/${segments.map((segment) => escapePointerSegment(String(segment))).join("/")}`;
}

/** Reads the value at a local JSON pointer ("#/components/schemas/ApiKey"); undefined when absent. */
export function valueAtPointer(document: JsonObject, pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let current: unknown = document;
  for (const raw of pointer.slice(2).split("/")) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isJsonObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

/**
 * Follows `$ref`s (local ones only, as this spec uses) until a non-reference object is reached.
 * Returns the object and the pointer it lives at; throws on a dangling or circular reference.
 */
export function resolveReference(
  document: JsonObject,
  value: unknown,
  pointer: string,
): { value: JsonObject; pointer: string } {
  let current = value;
  let at = pointer;
  const seen = new Set<string>();
  while (isJsonObject(current) && typeof current.$ref === "string") {
    const target = current.$ref;
    if (seen.has(target)) throw new Error(`circular $ref ${target} at ${pointer}`);
    seen.add(target);
    at = target;
    current = valueAtPointer(document, target);
    if (current === undefined) throw new Error(`dangling $ref ${target} at ${pointer}`);
  }
  if (!isJsonObject(current)) throw new Error(`expected an object at ${at}`);
  return { value: current, pointer: at };
}
