import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { OPERATORS as mockOperators } from "../../packages/mock-server/src/search/operators.js";
import { OPERATORS, PERMISSIONS } from "../../packages/rules/src/index.js";
import { OPERATORS as sdkOperators } from "../../packages/sdk/src/filters/operators.js";
import {
  httpMethods,
  isJsonObject,
  type JsonObject,
  keywardenSpecPath,
  loadOpenApiDocument,
  resolveReference,
  valueAtPointer,
} from "../tools/openapi-document.js";

const document = loadOpenApiDocument();
const schema = (name: string) => valueAtPointer(document, `#/components/schemas/${name}`) as JsonObject;
const operation = (method: string, path: string) => document.paths[path]?.[method] as JsonObject;
const resolve = (value: unknown) => resolveReference(document, value, "#").value;

/** The parameters of an operation (path-level ones included), resolved, by name. */
function parametersOf(method: string, path: string): Map<string, JsonObject> {
  const all = [
    ...((document.paths[path]?.parameters as unknown[]) ?? []),
    ...((operation(method, path).parameters as unknown[]) ?? []),
  ];
  return new Map(
    all.map((parameter) => resolve(parameter)).map((parameter) => [String(parameter.name), parameter]),
  );
}

function responseOf(method: string, path: string, status: string): JsonObject {
  return resolve((operation(method, path).responses as JsonObject)[status]);
}

const expectedOperations = [
  ["post", "/api/authenticate", "login"],
  ["post", "/api/tfa/verify-code", "verifyTfaCode"],
  ["post", "/api/api-keys", "createApiKey"],
  ["get", "/api/api-keys", "listApiKeys"],
  ["get", "/api/api-keys/{id}", "getApiKey"],
  ["put", "/api/api-keys/{id}", "updateApiKey"],
  ["delete", "/api/api-keys/{id}", "deleteApiKey"],
  ["post", "/api/api-keys/{id}/generate", "generateApiKey"],
  ["post", "/api/api-keys/{id}/revoke", "revokeApiKey"],
  ["post", "/api/api-keys/usage", "searchApiKeyUsage"],
  ["get", "/api/api-keys/authorization-groups", "listAuthorizationGroups"],
  ["post", "/api/elasticsearch/search", "search"],
] as const;

describe("the key-service spec", () => {
  it("parses as YAML with no error, no warning and no duplicate key", () => {
    const parsed = parseDocument(readFileSync(keywardenSpecPath, "utf8"), { uniqueKeys: true });
    expect([...parsed.errors, ...parsed.warnings].map(String)).toEqual([]);
  });

  it("is OpenAPI 3.1", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it("has exactly the operations of the contract, with SDK-friendly operationIds", () => {
    const actual = Object.entries(document.paths).flatMap(([path, item]) =>
      httpMethods
        .filter((method) => isJsonObject(item[method]))
        .map((method) => [method, path, operation(method, path).operationId]),
    );
    expect(new Set(actual.map((entry) => entry.join(" ")))).toEqual(
      new Set(expectedOperations.map((entry) => entry.join(" "))),
    );
  });

  it("declares the success status and body of each operation", () => {
    const contentOf = (method: string, path: string, status: string) =>
      Object.keys((responseOf(method, path, status).content as JsonObject | undefined) ?? {});
    expect(contentOf("post", "/api/api-keys", "201")).toEqual(["application/json"]);
    expect(contentOf("post", "/api/api-keys/{id}/generate", "200")).toEqual(["text/plain"]);
    expect(contentOf("delete", "/api/api-keys/{id}", "204")).toEqual([]);
    for (const [method, path] of [
      ["get", "/api/api-keys/{id}"],
      ["put", "/api/api-keys/{id}"],
      ["post", "/api/api-keys/{id}/revoke"],
    ]) {
      expect((responseOf(method!, path!, "200").content as JsonObject)["application/json"]).toEqual({
        schema: { $ref: "#/components/schemas/ApiKey" },
        examples: expect.any(Object),
      });
    }
  });

  it("describes the login: body limits, X-Bypass-TFA, both answers, 401 with an empty body, 423", () => {
    const login = schema("LoginRequest");
    expect(login.required).toEqual(["username", "password"]);
    expect(login.properties).toMatchObject({
      username: { minLength: 1, maxLength: 50 },
      password: { minLength: 4, maxLength: 100 },
      rememberMe: { type: "boolean" },
    });
    expect(parametersOf("post", "/api/authenticate").get("X-Bypass-TFA")).toMatchObject({ in: "header" });
    expect(schema("LoginResponse").oneOf).toHaveLength(2);
    expect(schema("DocumentedLoginResponse").required).toEqual(["authenticated", "id_token"]);
    expect(schema("V11LoginResponse").required).toEqual(
      expect.arrayContaining([
        "success",
        "tfaConfigured",
        "forceTfa",
        "method",
        "token",
        "tfaExpiresInSeconds",
      ]),
    );
    const unauthorized = responseOf("post", "/api/authenticate", "401");
    expect(unauthorized.content).toBeUndefined();
    expect(resolve((unauthorized.headers as JsonObject)["X-UtmStack-error"])).toMatchObject({
      required: true,
    });
    expect(responseOf("post", "/api/authenticate", "423")).toBeDefined();
    expect(operation("post", "/api/tfa/verify-code").requestBody).toMatchObject({
      content: { "text/plain": {} },
    });
  });

  it("pages the key list the Spring way and sends X-Total-Count and Link", () => {
    const parameters = parametersOf("get", "/api/api-keys");
    expect(parameters.get("page")?.schema).toMatchObject({ minimum: 0, default: 0 });
    expect(parameters.get("size")?.schema).toMatchObject({ default: 20, maximum: 2000 });
    expect(parameters.get("sort")).toMatchObject({ explode: true, schema: { type: "array" } });
    const headers = responseOf("get", "/api/api-keys", "200").headers as JsonObject;
    expect(resolve(headers["X-Total-Count"])).toMatchObject({ required: true });
    expect(resolve(headers.Link)).toMatchObject({ required: true });
  });

  it("describes search: required top and indexPattern, 1-based page, filters, headers only with hits", () => {
    for (const path of ["/api/elasticsearch/search", "/api/api-keys/usage"]) {
      const parameters = parametersOf("post", path);
      expect([...parameters.keys()].sort()).toEqual([
        "includeChildren",
        "indexPattern",
        "page",
        "size",
        "sort",
        "top",
      ]);
      expect(parameters.get("top")?.required).toBe(true);
      expect(parameters.get("indexPattern")?.required).toBe(true);
      expect(parameters.get("page")?.schema).toMatchObject({ default: 1 });
      const headers = responseOf("post", path, "200").headers as JsonObject;
      expect(resolve(headers["X-Total-Count"]).required).toBe(false);
      expect(resolve(headers.Link).required).toBe(false);
    }
    expect(operation("post", "/api/elasticsearch/search").requestBody).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/FilterList" } } },
    });
    expect(schema("FilterList").items).toEqual({ $ref: "#/components/schemas/FilterType" });
  });

  it("lists UTMStack's 22 operators, which the SDK and the mock take from the generated rules", () => {
    expect(schema("Operator").enum).toHaveLength(22);
    expect(schema("Operator").enum).toEqual([...OPERATORS]);
    // The same array, not an equal copy: neither package lists the operators by hand.
    expect(sdkOperators).toBe(OPERATORS);
    expect(mockOperators).toBe(OPERATORS);
  });

  it("has the ApiKey, ApiKeyUpsert and usage-log shapes of UTMStack", () => {
    expect(schema("ApiKey").required).toEqual([
      "id",
      "name",
      "allowedIp",
      "createdAt",
      "expiresAt",
      "generatedAt",
    ]);
    expect(schema("ApiKey").additionalProperties).toBeUndefined();
    expect(schema("ApiKeyUpsert").required).toEqual(["name"]);
    expect(schema("ApiKeySecret").pattern).toBe("^[A-Za-z0-9_-]{43}$");
    const usage = schema("ApiKeyUsageLog").properties as Record<string, JsonObject>;
    expect(Object.keys(usage).sort()).toEqual(
      [
        "id",
        "apiKeyId",
        "apiKeyName",
        "keyId",
        "userId",
        "timestamp",
        "endpoint",
        "address",
        "errorMessage",
        "queryParams",
        "payload",
        "userAgent",
        "httpMethod",
        "statusCode",
      ].sort(),
    );
    for (const property of Object.values(usage)) expect([property.type].flat()).toContain("string");
    expect(schema("SpringErrorBody").required).toEqual(["timestamp", "status", "error", "path"]);
    expect(schema("Document").additionalProperties).toBe(true);
  });

  it("offers the four ways to authenticate and no credential on login", () => {
    const schemes = (document.components as JsonObject).securitySchemes as Record<string, JsonObject>;
    expect(schemes.bearerJwt).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(schemes.apiKeyBearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.utmApiKey).toMatchObject({ type: "apiKey", in: "header", name: "Utm-Api-Key" });
    expect(schemes.xApiKey).toMatchObject({ type: "apiKey", in: "header", name: "X-API-Key" });
    expect(document.security).toHaveLength(4);
    expect(operation("post", "/api/authenticate").security).toEqual([]);
  });

  it("marks what UTMStack lacks with x-keywarden: extension", () => {
    const marked = (value: unknown) => (value as JsonObject)["x-keywarden"] === "extension";
    const apiKey = schema("ApiKey").properties as JsonObject;
    expect(marked(apiKey.description) && marked(apiKey.lastUsedAt)).toBe(true);
    expect(marked(schema("ApiKeyStatus")) && marked(schema("ExpiryState"))).toBe(true);
    expect(marked((schema("ApiKeyUpsert").properties as JsonObject).description)).toBe(true);
    expect(marked(operation("post", "/api/api-keys/{id}/revoke"))).toBe(true);
    const list = parametersOf("get", "/api/api-keys");
    expect(marked(list.get("status")) && marked(list.get("expiry"))).toBe(true);
    expect(marked(((document.components as JsonObject).securitySchemes as JsonObject).xApiKey)).toBe(true);
    expect((schema("ApiKeyUpsert").properties as Record<string, JsonObject>).name).toMatchObject({
      minLength: 2,
      maxLength: 200,
      "x-keywarden-extension-keywords": ["minLength", "maxLength"],
    });
    expect(marked(operation("post", "/api/api-keys/usage"))).toBe(false);
  });

  it("marks authorization groups and the public keyId as extensions, and keeps them optional", () => {
    const marked = (value: unknown) => (value as JsonObject)["x-keywarden"] === "extension";
    const apiKey = schema("ApiKey").properties as Record<string, JsonObject>;
    expect(marked(resolve(apiKey.keyId)) && marked(apiKey.authorizationGroup)).toBe(true);
    expect(schema("ApiKey").required).not.toContain("keyId");
    expect(schema("KeyId").pattern).toBe("^key_[0-9a-f]{32}$");
    const upsert = schema("ApiKeyUpsert").properties as Record<string, JsonObject>;
    expect(marked(upsert.authorizationGroup)).toBe(true);
    expect(upsert.keyId).toBeUndefined();
    expect(marked((schema("ApiKeyUsageLog").properties as JsonObject).keyId)).toBe(true);
    expect(marked(operation("get", "/api/api-keys/authorization-groups"))).toBe(true);
    expect(marked(parametersOf("get", "/api/api-keys").get("authorizationGroup"))).toBe(true);
  });

  it("lets a group grant exactly the permissions the operations name", () => {
    const items = (schema("AuthorizationGroup").properties as Record<string, JsonObject>).permissions
      ?.items as JsonObject;
    expect(items.enum).toEqual([...PERMISSIONS]);
  });

  it("names the api.key permission each key operation needs", () => {
    const permission = (method: string, path: string) => operation(method, path)["x-keywarden-permission"];
    expect(permission("get", "/api/api-keys")).toBe("api.key.view");
    expect(permission("post", "/api/api-keys")).toBe("api.key.create");
    expect(permission("put", "/api/api-keys/{id}")).toBe("api.key.update");
    expect(permission("delete", "/api/api-keys/{id}")).toBe("api.key.delete");
    expect(permission("post", "/api/api-keys/{id}/revoke")).toBe("api.key.delete");
    expect(permission("get", "/api/api-keys/authorization-groups")).toBe("api.key.view");
  });

  it("reuses error responses: Spring's body for 401/403, an empty body with X-UtmStack-error elsewhere", () => {
    const responses = (document.components as JsonObject).responses as Record<string, JsonObject>;
    for (const name of ["Unauthorized", "Forbidden"]) {
      expect(responses[name]?.content).toEqual({
        "application/json": expect.objectContaining({
          schema: { $ref: "#/components/schemas/SpringErrorBody" },
        }),
      });
    }
    for (const name of [
      "BadRequest",
      "NotFound",
      "Conflict",
      "BadCredentials",
      "LoginLocked",
      "TfaRejected",
    ]) {
      expect(responses[name]?.content, name).toBeUndefined();
      expect(Object.keys(responses[name]?.headers as JsonObject), name).toContain("X-UtmStack-error");
    }
    expect(responses.ServerError?.["x-keywarden-optional-body"]).toBe(true);
  });
});
