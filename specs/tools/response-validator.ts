/**
 * Checks HTTP responses against the key-service contract (specs/keywarden.openapi.yaml): the path and
 * method exist, the status is declared (or covered by `default`), declared required headers are present
 * and every declared header that is sent matches its schema, the Content-Type is one the response
 * declares, and the body validates against its schema (Ajv, JSON Schema 2020-12). A response that
 * declares no content must have an empty body; one marked `x-keywarden-optional-body: true` may.
 *
 * Other packages' tests import it relatively, e.g.
 * `import { validateFetchResponse } from "../../../../specs/tools/response-validator.js"`.
 */

import {
  escapePointerSegment,
  isJsonObject,
  type JsonObject,
  loadOpenApiDocument,
  type OpenApiDocument,
  pointerOf,
  resolveReference,
} from "./openapi-document.js";
import { matchPath } from "./path-matcher.js";
import { createSchemaValidator, type SchemaValidator } from "./schema-validator.js";

/** Response headers as a fetch `Headers` or a plain record (names compared case-insensitively). */
export type HeadersLike = Headers | Record<string, string | readonly string[] | undefined>;

/** One response to check, with the request it answered. */
export interface ResponseUnderTest {
  /** The request's method, any case. */
  method: string;
  /** The request's full URL or path; a query string is ignored. Give this or `path`. */
  url?: string;
  /** Same as `url`. */
  path?: string;
  status: number;
  headers?: HeadersLike;
  /** The decoded body: the parsed value for JSON media types, the text otherwise; undefined or "" when empty. */
  body?: unknown;
}

/** The spec operation a request maps to. */
export interface MatchedOperation {
  operationId: string | undefined;
  /** The templated path, e.g. "/api/api-keys/{id}". */
  template: string;
  method: string;
}

/** Validates responses against one OpenAPI document. */
export interface ResponseValidator {
  /** Every way the response breaks the contract, one readable line each; [] when it conforms. */
  validate(response: ResponseUnderTest): string[];
  /** The operation a method and URL/path map to, or undefined when the spec has none. */
  operationFor(method: string, urlOrPath: string): MatchedOperation | undefined;
}

/** Options of {@link createResponseValidator}. */
export interface ResponseValidatorOptions {
  /** The document to validate against; the key-service contract by default. */
  document?: OpenApiDocument;
  /** A prefix that the server adds in front of the spec's paths (e.g. "/utm"); stripped before matching. */
  basePath?: string;
}

/** Creates a validator for the key-service contract (or the given document). */
export function createResponseValidator(options: ResponseValidatorOptions = {}): ResponseValidator {
  const document = options.document ?? loadOpenApiDocument();
  const schemas = createSchemaValidator(document);
  const basePath = (options.basePath ?? "").replace(/\/$/, "");

  const locate = (method: string, urlOrPath: string) => {
    const pathname = toPathname(urlOrPath, basePath);
    const match = matchPath(Object.keys(document.paths), pathname);
    const lower = method.toLowerCase();
    const operation = match ? document.paths[match.template]?.[lower] : undefined;
    return { pathname, match, method: lower, operation: isJsonObject(operation) ? operation : undefined };
  };

  return {
    operationFor(method, urlOrPath) {
      const { match, operation, method: lower } = locate(method, urlOrPath);
      if (!match || !operation) return undefined;
      const operationId = typeof operation.operationId === "string" ? operation.operationId : undefined;
      return { operationId, template: match.template, method: lower };
    },

    validate(response) {
      const target = response.url ?? response.path;
      if (target === undefined) return ["the response to validate has neither `url` nor `path`"];
      const { pathname, match, method, operation } = locate(response.method, target);
      const label = `${method.toUpperCase()} ${pathname} → ${response.status}`;
      if (!match) return [`${label}: the path is not in the spec`];
      if (!operation) return [`${label}: ${method.toUpperCase()} is not an operation of ${match.template}`];

      const responses = isJsonObject(operation.responses) ? operation.responses : {};
      const status = String(response.status);
      const key = [status, `${status[0]}XX`, "default"].find((candidate) => candidate in responses);
      if (key === undefined) {
        return [
          `${label}: status ${status} is not declared (declared: ${Object.keys(responses).join(", ")})`,
        ];
      }
      const declared = resolveReference(
        document,
        responses[key],
        pointerOf("paths", match.template, method, "responses", key),
      );
      const errors = [
        ...checkHeaders(document, schemas, declared.value, declared.pointer, response.headers),
        ...checkBody(schemas, declared.value, declared.pointer, response),
      ];
      return errors.map((error) => `${label}: ${error}`);
    },
  };
}

let shared: ResponseValidator | undefined;

/** A validator for the key-service contract, created on first use and then reused. */
export function defaultResponseValidator(): ResponseValidator {
  shared ??= createResponseValidator();
  return shared;
}

/**
 * Validates a fetch `Response` (e.g. one the mock server produced) against the contract. The body is
 * read from a clone, so call it before the body is consumed; it is parsed as JSON when the
 * Content-Type says JSON and kept as text otherwise.
 */
export async function validateFetchResponse(
  request: Request,
  response: Response,
  validator: ResponseValidator = defaultResponseValidator(),
): Promise<string[]> {
  const text = await response.clone().text();
  const contentType = response.headers.get("content-type") ?? "";
  let body: unknown = text === "" ? undefined : text;
  if (text !== "" && isJsonMediaType(contentType)) {
    try {
      body = JSON.parse(text);
    } catch {
      const where = `${request.method} ${toPathname(request.url, "")} → ${response.status}`;
      return [`${where}: the body is not valid JSON although Content-Type is ${contentType}`];
    }
  }
  return validator.validate({
    method: request.method,
    url: request.url,
    status: response.status,
    headers: response.headers,
    body,
  });
}

function checkHeaders(
  document: OpenApiDocument,
  schemas: SchemaValidator,
  response: JsonObject,
  responsePointer: string,
  headers: HeadersLike | undefined,
): string[] {
  const declared = isJsonObject(response.headers) ? response.headers : {};
  const errors: string[] = [];
  for (const [name, raw] of Object.entries(declared)) {
    // OpenAPI says a declared Content-Type header is ignored; the media type is checked below.
    if (name.toLowerCase() === "content-type") continue;
    const header = resolveReference(
      document,
      raw,
      `${responsePointer}/headers/${escapePointerSegment(name)}`,
    );
    const actual = readHeader(headers, name);
    if (actual === undefined) {
      if (header.value.required === true) errors.push(`missing required header ${name}`);
      continue;
    }
    if (header.value.schema === undefined) continue;
    const schema = resolveReference(document, header.value.schema, `${header.pointer}/schema`).value;
    const value = coerceHeaderValue(actual, schema);
    for (const error of schemas.errorsAt(`${header.pointer}/schema`, value)) {
      errors.push(`header ${name} ${quoteHeader(name, actual)}: ${error.replace(/^\(root\) /, "")}`);
    }
  }
  return errors;
}

function checkBody(
  schemas: SchemaValidator,
  response: JsonObject,
  responsePointer: string,
  actual: ResponseUnderTest,
): string[] {
  const empty = actual.body === undefined || actual.body === null || actual.body === "";
  const content = isJsonObject(response.content) ? response.content : {};
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) {
    return empty ? [] : [`expected an empty body, got ${describeBody(actual.body)}`];
  }
  if (empty) {
    return response["x-keywarden-optional-body"] === true
      ? []
      : [`expected a body (${mediaTypes.join(", ")}), got none`];
  }
  const contentType = readHeader(actual.headers, "content-type");
  if (contentType === undefined) return [`missing Content-Type header (expected ${mediaTypes.join(" or ")})`];
  const mediaType = matchMediaType(mediaTypes, contentType);
  if (mediaType === undefined) return [`Content-Type ${contentType} is not one of ${mediaTypes.join(", ")}`];
  const media = content[mediaType];
  if (!isJsonObject(media) || media.schema === undefined) return [];
  const schemaPointer = `${responsePointer}/content/${escapePointerSegment(mediaType)}/schema`;
  return schemas.errorsAt(schemaPointer, actual.body).map((error) => `body ${error}`);
}

/** The declared media type a Content-Type value falls under: exact, then `type/*`, then `*\/*`. */
export function matchMediaType(declared: readonly string[], contentType: string): string | undefined {
  const essence = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  const [type] = essence.split("/");
  return (
    declared.find((candidate) => candidate.toLowerCase() === essence) ??
    declared.find((candidate) => candidate.toLowerCase() === `${type}/*`) ??
    declared.find((candidate) => candidate === "*/*")
  );
}

function isJsonMediaType(contentType: string): boolean {
  const essence = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return essence === "application/json" || essence.endsWith("+json");
}

function readHeader(headers: HeadersLike | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === "string" ? value : value.join(", ");
  }
  return undefined;
}

/** Header values are text; a schema that wants a number or boolean gets one when the text is one. */
function coerceHeaderValue(value: string, schema: JsonObject): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value.trim());
  }
  if (types.includes("boolean") && (value === "true" || value === "false")) return value === "true";
  return value;
}

function toPathname(urlOrPath: string, basePath: string): string {
  const pathname = new URL(urlOrPath, "http://placeholder.invalid").pathname;
  return basePath !== "" && pathname.startsWith(basePath) ? pathname.slice(basePath.length) || "/" : pathname;
}

// Neither helper prints a body, and header values only when they cannot carry a credential: a
// response may hold a secret (a generated key, a JWT) and these messages end up in test logs.
function describeBody(body: unknown): string {
  if (typeof body === "string") return `${body.length} characters of text`;
  return Array.isArray(body)
    ? `a JSON array of ${body.length} items`
    : `a JSON ${body === null ? "null" : typeof body}`;
}

const credentialHeaders = new Set(["authorization", "set-cookie", "utm-api-key", "x-api-key"]);

function quoteHeader(name: string, value: string): string {
  if (credentialHeaders.has(name.toLowerCase())) return "(value redacted)";
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 197)}...` : value);
}
