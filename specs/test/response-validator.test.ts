import { describe, expect, it } from "vitest";
import {
  createResponseValidator,
  matchMediaType,
  validateFetchResponse,
} from "../tools/response-validator.js";

const validator = createResponseValidator();
const json = { "content-type": "application/json" };
const apiKey = {
  id: 3,
  name: "ci",
  allowedIp: ["10.0.0.0/24"],
  createdAt: "2025-11-26T13:42:47.123456Z",
  expiresAt: "2025-12-26T00:00:00Z",
  generatedAt: null,
};
const listHeaders = {
  ...json,
  "X-Total-Count": "1",
  Link: '<http://127.0.0.1:4010/api/api-keys?page=0&size=20>; rel="last",<http://127.0.0.1:4010/api/api-keys?page=0&size=20>; rel="first"',
};

describe("createResponseValidator().validate", () => {
  it("accepts conforming responses of both profiles", () => {
    const valid = [
      {
        method: "GET",
        url: "http://127.0.0.1:4010/api/api-keys/3",
        status: 200,
        headers: json,
        body: apiKey,
      },
      {
        method: "get",
        path: "/api/api-keys?page=0&size=20",
        status: 200,
        headers: listHeaders,
        body: [apiKey],
      },
      // Unknown properties are tolerated: the real server and the extensions add fields.
      {
        method: "POST",
        url: "/api/api-keys",
        status: 201,
        headers: json,
        body: { ...apiKey, status: "ACTIVE", extra: 1 },
      },
      {
        method: "POST",
        url: "/api/api-keys/3/generate",
        status: 200,
        headers: { "Content-Type": "text/plain;charset=UTF-8" },
        body: "rpXNIN4K6lxib_kAyov2CUKNKT3ABjFrznhDjUfOnK4",
      },
      { method: "DELETE", url: "/api/api-keys/3", status: 204 },
      {
        method: "POST",
        url: "/api/authenticate",
        status: 401,
        headers: { "X-UtmStack-error": "Bad credentials" },
      },
      {
        method: "POST",
        url: "/api/authenticate",
        status: 200,
        headers: json,
        body: { authenticated: true, id_token: "a.b.c" },
      },
      // utmstack-v11: an unknown id is a 500 with an empty body, a refused key a 500 with Spring's body.
      {
        method: "PUT",
        url: "/api/api-keys/99",
        status: 500,
        headers: { "X-UtmStack-error": "ApiKeyService.updateApiKey: API key not found" },
      },
      {
        method: "POST",
        url: "/api/elasticsearch/search?top=10&indexPattern=alert-*",
        status: 500,
        headers: json,
        body: {
          timestamp: "2025-11-26T13:42:47.123+00:00",
          status: 500,
          error: "Internal Server Error",
          path: "/api/elasticsearch/search",
        },
      },
      { method: "POST", url: "/api/elasticsearch/search", status: 200, headers: json, body: [] },
      { method: "POST", url: "/api/api-keys/usage", status: 503, headers: { "Retry-After": "2" } },
    ];
    for (const response of valid)
      expect(validator.validate(response), `${response.method} ${response.status}`).toEqual([]);
  });

  it("reports an unknown path, an undeclared method and an undeclared status", () => {
    expect(validator.validate({ method: "GET", url: "/api/nothing", status: 200 })).toEqual([
      "GET /api/nothing → 200: the path is not in the spec",
    ]);
    expect(validator.validate({ method: "GET", url: "/api/api-keys/usage", status: 200 })).toEqual([
      "GET /api/api-keys/usage → 200: GET is not an operation of /api/api-keys/usage",
    ]);
    expect(validator.validate({ method: "POST", url: "/api/api-keys/usage", status: 404 })[0]).toMatch(
      /status 404 is not declared \(declared: 200, 400, 401, 403, 429, 500, 5XX\)/,
    );
  });

  it("reports each schema violation of the body with its location", () => {
    const errors = validator.validate({
      method: "GET",
      url: "/api/api-keys/3",
      status: 200,
      headers: json,
      body: { ...apiKey, id: "3", allowedIp: null, generatedAt: undefined, status: "DISABLED" },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        "GET /api/api-keys/3 → 200: body /id must be integer",
        "GET /api/api-keys/3 → 200: body /allowedIp must be array",
        "GET /api/api-keys/3 → 200: body (root) must have required property 'generatedAt'",
        'GET /api/api-keys/3 → 200: body /status must be equal to one of the allowed values (["ACTIVE","REVOKED"])',
      ]),
    );
  });

  it("reports missing required headers and header values that break their schema", () => {
    const missing = validator.validate({
      method: "GET",
      url: "/api/api-keys",
      status: 200,
      headers: json,
      body: [],
    });
    expect(missing).toEqual([
      "GET /api/api-keys → 200: missing required header X-Total-Count",
      "GET /api/api-keys → 200: missing required header Link",
    ]);
    const wrong = validator.validate({
      method: "GET",
      url: "/api/api-keys",
      status: 200,
      headers: { ...json, "x-total-count": "-1", link: "<a>; rel=next, <b>; rel=last" },
      body: [],
    });
    expect(wrong).toHaveLength(2);
    expect(wrong[0]).toMatch(/header X-Total-Count "-1": must be >= 0/);
    expect(wrong[1]).toMatch(/header Link .*must match pattern/);
    expect(validator.validate({ method: "POST", url: "/api/api-keys", status: 409 })).toEqual([
      "POST /api/api-keys → 409: missing required header X-UtmStack-error",
    ]);
  });

  it("reports a body where none is declared, a missing body, and a wrong content type", () => {
    expect(
      validator.validate({
        method: "DELETE",
        url: "/api/api-keys/3",
        status: 204,
        headers: json,
        body: { ok: true },
      }),
    ).toEqual(["DELETE /api/api-keys/3 → 204: expected an empty body, got a JSON object"]);
    expect(validator.validate({ method: "GET", url: "/api/api-keys/3", status: 200, headers: json })).toEqual(
      ["GET /api/api-keys/3 → 200: expected a body (application/json), got none"],
    );
    expect(
      validator.validate({
        method: "GET",
        url: "/api/api-keys/3",
        status: 200,
        headers: { "content-type": "text/html" },
        body: "<p>",
      }),
    ).toEqual(["GET /api/api-keys/3 → 200: Content-Type text/html is not one of application/json"]);
    expect(validator.validate({ method: "GET", url: "/api/api-keys/3", status: 200, body: apiKey })).toEqual([
      "GET /api/api-keys/3 → 200: missing Content-Type header (expected application/json)",
    ]);
  });

  it("never prints a body or a credential header value in its messages", () => {
    const secret = "rpXNIN4K6lxib_kAyov2CUKNKT3ABjFrznhDjUfOnK4";
    const errors = [
      ...validator.validate({ method: "DELETE", url: "/api/api-keys/3", status: 204, body: secret }),
      ...validator.validate({
        method: "POST",
        url: "/api/tfa/verify-code",
        status: 200,
        headers: { ...json, authorization: `Token ${secret}` },
        body: { id_token: secret, authenticated: true },
      }),
    ];
    expect(errors).toHaveLength(2);
    expect(errors.join("\n")).not.toContain(secret);
    expect(errors[1]).toContain("(value redacted)");
  });

  it("strips a base path before matching", () => {
    const behindProxy = createResponseValidator({ basePath: "/utm/" });
    expect(
      behindProxy.validate({ method: "DELETE", url: "https://h.test/utm/api/api-keys/3", status: 204 }),
    ).toEqual([]);
    expect(behindProxy.operationFor("POST", "/utm/api/api-keys/3/revoke")).toEqual({
      operationId: "revokeApiKey",
      template: "/api/api-keys/{id}/revoke",
      method: "post",
    });
  });
});

describe("validateFetchResponse", () => {
  const request = (path: string, method = "GET") => new Request(`http://127.0.0.1:4010${path}`, { method });

  it("reads JSON and text bodies from a clone and leaves the response readable", async () => {
    const response = Response.json(apiKey);
    expect(await validateFetchResponse(request("/api/api-keys/3"), response)).toEqual([]);
    expect(await response.json()).toEqual(apiKey);
    const secret = new Response("rpXNIN4K6lxib_kAyov2CUKNKT3ABjFrznhDjUfOnK4", {
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });
    expect(await validateFetchResponse(request("/api/api-keys/3/generate", "POST"), secret)).toEqual([]);
    const empty = new Response(null, { status: 404, headers: { "X-UtmStack-error": "API key not found" } });
    expect(await validateFetchResponse(request("/api/api-keys/9"), empty)).toEqual([]);
  });

  it("reports a JSON-labelled body that is not JSON, and schema errors of a parsed body", async () => {
    const broken = new Response("{not json", { headers: json });
    expect(await validateFetchResponse(request("/api/api-keys/3"), broken)).toEqual([
      "GET /api/api-keys/3 → 200: the body is not valid JSON although Content-Type is application/json",
    ]);
    const quoted = Response.json("rpXNIN4K6lxib_kAyov2CUKNKT3ABjFrznhDjUfOnK4");
    expect(await validateFetchResponse(request("/api/api-keys/3/generate", "POST"), quoted)).toEqual([
      "POST /api/api-keys/3/generate → 200: Content-Type application/json is not one of text/plain",
    ]);
    const tooShort = new Response("abc", { headers: { "content-type": "text/plain" } });
    expect(await validateFetchResponse(request("/api/api-keys/3/generate", "POST"), tooShort)).toEqual([
      'POST /api/api-keys/3/generate → 200: body (root) must match pattern "^[A-Za-z0-9_-]{43}$"',
    ]);
  });
});

describe("matchMediaType", () => {
  it("matches exactly (ignoring parameters and case), then by wildcard", () => {
    expect(matchMediaType(["application/json"], "Application/JSON; charset=utf-8")).toBe("application/json");
    expect(matchMediaType(["text/*", "*/*"], "text/plain")).toBe("text/*");
    expect(matchMediaType(["*/*"], "image/png")).toBe("*/*");
    expect(matchMediaType(["application/json"], "application/problem+json")).toBeUndefined();
  });
});
