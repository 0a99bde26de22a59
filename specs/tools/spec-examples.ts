import {
  escapePointerSegment as escapeSegment,
  httpMethods,
  isJsonObject,
  type JsonObject,
  type OpenApiDocument,
  pointerOf,
  resolveReference,
} from "./openapi-document.js";

/** One example in the spec, with the schema it claims to satisfy. */
export interface SpecExample {
  /** Where the example is written, as a JSON pointer. */
  at: string;
  /** The JSON pointer of the schema the example must validate against. */
  schemaPointer: string;
  value: unknown;
}

/**
 * Every example the document holds: on media types (request and response bodies), parameters and
 * headers (`example` or the `examples` map, `$ref`s to `components/examples` followed), and the
 * `examples` arrays of schemas. Objects reached through a `$ref` are visited once, where they are defined.
 */
export function collectExamples(document: OpenApiDocument): SpecExample[] {
  const found: SpecExample[] = [];
  const components = isJsonObject(document.components) ? document.components : {};

  const fromHolder = (holder: JsonObject, at: string) => {
    if (holder.schema === undefined) return;
    const schemaPointer = `${at}/schema`;
    if ("example" in holder) found.push({ at: `${at}/example`, schemaPointer, value: holder.example });
    if (isJsonObject(holder.examples)) {
      for (const [name, example] of Object.entries(holder.examples)) {
        const resolved = resolveReference(document, example, `${at}/examples/${escapeSegment(name)}`);
        if ("value" in resolved.value) {
          found.push({
            at: `${at}/examples/${escapeSegment(name)}`,
            schemaPointer,
            value: resolved.value.value,
          });
        }
      }
    }
    collectSchemaExamples(holder.schema, schemaPointer, found);
  };

  const fromContent = (content: unknown, at: string) => {
    if (!isJsonObject(content)) return;
    for (const [mediaType, media] of Object.entries(content)) {
      if (isJsonObject(media)) fromHolder(media, `${at}/${escapeSegment(mediaType)}`);
    }
  };

  const fromResponse = (response: unknown, at: string) => {
    if (!isJsonObject(response) || "$ref" in response) return;
    fromContent(response.content, `${at}/content`);
    if (isJsonObject(response.headers)) {
      for (const [name, header] of Object.entries(response.headers)) {
        if (isJsonObject(header) && !("$ref" in header))
          fromHolder(header, `${at}/headers/${escapeSegment(name)}`);
      }
    }
  };

  const fromParameters = (parameters: unknown, at: string) => {
    if (!Array.isArray(parameters)) return;
    parameters.forEach((parameter, index) => {
      if (isJsonObject(parameter) && !("$ref" in parameter)) fromHolder(parameter, `${at}/${index}`);
    });
  };

  for (const [path, item] of Object.entries(document.paths)) {
    fromParameters(item.parameters, pointerOf("paths", path, "parameters"));
    for (const method of httpMethods) {
      const operation = item[method];
      if (!isJsonObject(operation)) continue;
      const at = pointerOf("paths", path, method);
      fromParameters(operation.parameters, `${at}/parameters`);
      if (isJsonObject(operation.requestBody) && !("$ref" in operation.requestBody)) {
        fromContent(operation.requestBody.content, `${at}/requestBody/content`);
      }
      if (isJsonObject(operation.responses)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          fromResponse(response, `${at}/responses/${status}`);
        }
      }
    }
  }

  for (const [name, parameter] of entries(components.parameters)) {
    if (isJsonObject(parameter)) fromHolder(parameter, pointerOf("components", "parameters", name));
  }
  for (const [name, header] of entries(components.headers)) {
    if (isJsonObject(header)) fromHolder(header, pointerOf("components", "headers", name));
  }
  for (const [name, response] of entries(components.responses)) {
    fromResponse(response, pointerOf("components", "responses", name));
  }
  for (const [name, schema] of entries(components.schemas)) {
    collectSchemaExamples(schema, pointerOf("components", "schemas", name), found);
  }
  return found;
}

/** Walks a schema's subschemas and records each JSON Schema `examples` array entry. */
function collectSchemaExamples(schema: unknown, at: string, found: SpecExample[]): void {
  if (!isJsonObject(schema) || "$ref" in schema) return;
  if (Array.isArray(schema.examples)) {
    schema.examples.forEach((value, index) => {
      found.push({ at: `${at}/examples/${index}`, schemaPointer: at, value });
    });
  }
  for (const keyword of ["items", "if", "then", "else", "not", "additionalProperties"]) {
    collectSchemaExamples(schema[keyword], `${at}/${keyword}`, found);
  }
  for (const keyword of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    for (const [index, sub] of list.entries()) collectSchemaExamples(sub, `${at}/${keyword}/${index}`, found);
  }
  for (const [name, sub] of entries(schema.properties)) {
    collectSchemaExamples(sub, `${at}/properties/${escapeSegment(name)}`, found);
  }
}

function entries(value: unknown): [string, unknown][] {
  return isJsonObject(value) ? Object.entries(value) : [];
}
