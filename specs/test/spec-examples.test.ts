import { describe, expect, it } from "vitest";
import { httpMethods, isJsonObject, loadOpenApiDocument, pointerOf } from "../tools/openapi-document.js";
import { createSchemaValidator } from "../tools/schema-validator.js";
import { collectExamples } from "../tools/spec-examples.js";

const document = loadOpenApiDocument();
const schemas = createSchemaValidator(document);
const examples = collectExamples(document);

describe("the spec's examples", () => {
  it("are found on request bodies, responses, parameters, headers and schemas", () => {
    const kinds = (part: string) => examples.filter((example) => example.at.includes(part)).length;
    expect(kinds("/requestBody/")).toBeGreaterThanOrEqual(10);
    expect(kinds("/responses/")).toBeGreaterThanOrEqual(20);
    expect(kinds("/parameters/")).toBeGreaterThanOrEqual(10);
    expect(kinds("/headers/")).toBeGreaterThanOrEqual(8);
    expect(kinds("#/components/schemas/")).toBeGreaterThanOrEqual(4);
  });

  it.each(examples.map((example) => [example.at, example] as const))(
    "%s validates against its schema",
    (_, example) => {
      expect(schemas.errorsAt(example.schemaPointer, example.value)).toEqual([]);
    },
  );

  it("cover every operation: a response example, and a request example when it takes a body", () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of httpMethods) {
        const operation = item[method];
        if (!isJsonObject(operation)) continue;
        const at = pointerOf("paths", path, method);
        const has = (part: string) => examples.some((example) => example.at.startsWith(`${at}/${part}`));
        const hasResponseExample =
          has("responses/2") ||
          // A 204 has no body to exemplify; its parameters carry the examples instead.
          (isJsonObject(operation.responses) && "204" in operation.responses);
        if (!hasResponseExample) missing.push(`${operation.operationId} response`);
        if (operation.requestBody !== undefined && !has("requestBody/"))
          missing.push(`${operation.operationId} request`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("are checked for real: a wrong value fails its schema", () => {
    expect(schemas.errorsAt("#/components/schemas/ApiKey", { id: "3", name: "ci" })).toEqual(
      expect.arrayContaining(["/id must be integer", "(root) must have required property 'allowedIp'"]),
    );
    expect(schemas.errorsAt("#/components/schemas/ApiKeySecret", "too-short")).toHaveLength(1);
  });
});

describe("the FilterType schema", () => {
  const errors = (filter: unknown) => schemas.errorsAt("#/components/schemas/FilterType", filter);

  it("accepts each operator family with the value it needs", () => {
    expect(errors({ field: "status", operator: "IS", value: 2 })).toEqual([]);
    expect(errors({ field: "severity", operator: "IS_ONE_OF", value: [3, 4] })).toEqual([]);
    expect(errors({ field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] })).toEqual([]);
    expect(errors({ field: "user", operator: "EXIST" })).toEqual([]);
    expect(errors({ operator: "IS_IN_FIELDS", value: "admin" })).toEqual([]);
  });

  it("refuses a missing value, a scalar where a range is needed, a missing field and an unknown operator", () => {
    expect(errors({ field: "status", operator: "IS" })).not.toEqual([]);
    expect(errors({ field: "@timestamp", operator: "IS_BETWEEN", value: "now-7d" })).not.toEqual([]);
    expect(errors({ field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d"] })).not.toEqual([]);
    expect(errors({ operator: "EXIST" })).not.toEqual([]);
    expect(errors({ field: "tags", operator: "IS_ONE_OF", value: "x" })).not.toEqual([]);
    expect(errors({ field: "status", operator: "EQUALS", value: 2 })).not.toEqual([]);
  });
});

describe("the IpOrCidr schema", () => {
  const errors = (value: string) => schemas.errorsAt("#/components/schemas/IpOrCidr", value);

  it("accepts IPv4 and IPv6 addresses and CIDR ranges", () => {
    for (const value of ["192.168.1.10", "10.0.0.0/24", "0:0:0:0:0:0:0:1", "2001:db8::/32", "0.0.0.0/0"]) {
      expect(errors(value), value).toEqual([]);
    }
  });

  it("refuses host names, out-of-range octets and prefixes", () => {
    for (const value of ["example.org", "256.1.1.1", "10.0.0.0/33", "2001:db8::/129", ""]) {
      expect(errors(value), value).not.toEqual([]);
    }
  });
});
