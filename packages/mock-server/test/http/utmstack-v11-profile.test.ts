import { beforeEach, describe, expect, it } from "vitest";
import { useKeyServiceMock } from "../../src/vitest.js";
import { apiClient } from "../support/api.js";

const NOW = Date.parse("2026-01-10T08:00:00Z");
useKeyServiceMock({
  profile: "utmstack-v11",
  now: NOW,
  keyLimit: 1,
  users: [
    { login: "admin", password: "admin" },
    { login: "bob", password: "bobpass" },
  ],
});
const api = apiClient();
const SEARCH = "/api/elasticsearch/search?top=10&indexPattern=alert-*&size=1";

async function v11Login(username = "admin", password = "admin", bypass = true) {
  const response = await api.call("POST", "/api/authenticate", {
    json: { username, password },
    headers: bypass ? { "x-bypass-tfa": "true" } : {},
  });
  return response;
}

let token: string;
beforeEach(async () => {
  token = (await (await v11Login()).json()).token;
});

describe("utmstack-v11 login", () => {
  it("answers LoginResponseDTO; X-Bypass-TFA gives a full token at once", async () => {
    expect(await (await v11Login()).json()).toEqual({
      success: true,
      tfaConfigured: false,
      forceTfa: false,
      method: null,
      token: expect.any(String),
      tfaExpiresInSeconds: 0,
    });
  });

  it("without X-Bypass-TFA gives a pre-verification token that only verify-code accepts", async () => {
    const body = await (await v11Login("admin", "admin", false)).json();
    expect(body).toMatchObject({
      forceTfa: true,
      tfaConfigured: true,
      method: "EMAIL",
      tfaExpiresInSeconds: 300,
    });
    expect((await api.call("GET", "/api/api-keys", { token: body.token })).status).toBe(403);
    const wrong = await api.call("POST", "/api/tfa/verify-code", {
      token: body.token,
      body: "000000",
      headers: { "content-type": "text/plain" },
    });
    expect(wrong.status).toBe(412);
    expect(wrong.headers.get("x-utmstack-error")).toBe("TFA invalid for user 'admin': Invalid code");
    const verified = await api.call("POST", "/api/tfa/verify-code", {
      token: body.token,
      body: "123456",
      headers: { "content-type": "text/plain" },
    });
    const full = await verified.json();
    expect(verified.headers.get("authorization")).toBe(`Bearer ${full.id_token}`);
    expect((await api.call("GET", "/api/api-keys", { token: full.id_token })).status).toBe(200);
  });
});

describe("utmstack-v11 keys", () => {
  it("returns UTMStack's DTO: generatedAt always null, no extension fields", async () => {
    const created = await api.call("POST", "/api/api-keys", {
      token,
      json: { name: "ci", allowedIp: ["10.0.0.0/24"], description: "ignored" },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      id: 1,
      name: "ci",
      allowedIp: ["10.0.0.0/24"],
      createdAt: "2026-01-10T08:00:00Z",
      expiresAt: null,
      generatedAt: null,
    });
  });

  it("turns every create failure into 409 ApiKeyService.createApiKey, and validates nothing", async () => {
    const noAllowlist = await api.call("POST", "/api/api-keys", { token, json: { name: "ci" } });
    expect(noAllowlist.status).toBe(409);
    expect(noAllowlist.headers.get("x-utmstack-error")).toBe("ApiKeyService.createApiKey: null");
    const odd = await api.call("POST", "/api/api-keys", {
      token,
      json: { name: "x", allowedIp: ["not-an-ip"], expiresAt: "2020-01-01T00:00:00Z" },
    });
    expect(odd.status).toBe(201);
    const dup = await api.call("POST", "/api/api-keys", { token, json: { name: "x", allowedIp: [] } });
    expect(dup.status).toBe(409);
    expect(dup.headers.get("x-utmstack-error")).toBe("ApiKeyService.createApiKey: Api key already exists");
  });

  it("has no key limit and no revoke route", async () => {
    for (const name of ["a1", "a2", "a3"]) {
      expect((await api.call("POST", "/api/api-keys", { token, json: { name, allowedIp: [] } })).status).toBe(
        201,
      );
    }
    await expect(api.call("POST", "/api/api-keys/1/revoke", { token, validate: false })).rejects.toThrow();
  });

  it.each([
    ["GET", "/api/api-keys/99", "ApiKeyService.getApiKey: API key not found"],
    ["PUT", "/api/api-keys/99", "ApiKeyService.updateApiKey: API key not found"],
    ["DELETE", "/api/api-keys/99", "ApiKeyService.deleteApiKey: API key not found"],
    ["POST", "/api/api-keys/99/generate", "ApiKeyService.generateApiKey: API key not found"],
  ])("answers %s %s for an unknown id with 500 and %s", async (method, path, reason) => {
    const response = await api.call(method, path, {
      token,
      json: method === "PUT" ? { name: "n", allowedIp: [] } : undefined,
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("x-utmstack-error")).toBe(reason);
    expect(await response.text()).toBe("");
  });

  it("allows duplicate names on update and answers a bad sort with 500", async () => {
    await api.call("POST", "/api/api-keys", { token, json: { name: "one", allowedIp: [] } });
    await api.call("POST", "/api/api-keys", { token, json: { name: "two", allowedIp: [] } });
    expect(
      (await api.call("PUT", "/api/api-keys/2", { token, json: { name: "one", allowedIp: [] } })).status,
    ).toBe(200);
    const bad = await api.call("GET", "/api/api-keys?sort=nope,asc", { token });
    expect(bad.status).toBe(500);
    expect(bad.headers.get("x-utmstack-error")).toBe(
      "ApiKeyService.listApiKeys: No property 'nope' found for type 'ApiKey'!",
    );
  });

  it("labels the secret application/json when Accept prefers JSON, but sends it unquoted", async () => {
    await api.call("POST", "/api/api-keys", { token, json: { name: "ci", allowedIp: [] } });
    // the spec declares text/plain only; this quirk is in its prose, so the response is not validated
    const response = await api.call("POST", "/api/api-keys/1/generate", {
      token,
      headers: { accept: "application/json, text/plain, */*" },
      validate: false,
    });
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("utmstack-v11 API-key authentication", () => {
  it("reads keys only from Utm-Api-Key, and a refused key is a 500 with Spring's body", async () => {
    await api.call("POST", "/api/api-keys", { token, json: { name: "ci", allowedIp: [] } });
    const secret = await (await api.call("POST", "/api/api-keys/1/generate", { token })).text();
    expect((await api.call("POST", SEARCH, { headers: { "utm-api-key": secret }, json: [] })).status).toBe(
      200,
    );
    expect((await api.call("POST", SEARCH, { headers: { "x-api-key": secret }, json: [] })).status).toBe(401);
    expect(
      (await api.call("POST", SEARCH, { headers: { authorization: `Bearer ${secret}` }, json: [] })).status,
    ).toBe(401);
    const refused = await api.call("POST", SEARCH, { headers: { "utm-api-key": "nope" }, json: [] });
    expect(refused.status).toBe(500);
    expect(await refused.json()).toMatchObject({
      status: 500,
      error: "Internal Server Error",
      path: "/api/elasticsearch/search",
    });
    expect(refused.headers.get("x-utmstack-error")).toBeNull();
  });
});

describe("utmstack-v11 search errors", () => {
  it("wraps filter errors in ElasticsearchResource.search on /search but not on /usage", async () => {
    const filters = [{ field: "status", operator: "IS" }];
    const search = await api.call("POST", SEARCH, { token, json: filters });
    expect(search.status).toBe(500);
    expect(search.headers.get("x-utmstack-error")).toBe(
      "ElasticsearchResource.search: ElasticsearchService.search: Filter 0 (IS): Filter value is missing",
    );
    const usage = await api.call("POST", "/api/api-keys/usage?top=1&indexPattern=v11-api-access-logs-*", {
      token,
      json: filters,
    });
    expect(usage.headers.get("x-utmstack-error")).toBe(
      "ElasticsearchService.search: Filter 0 (IS): Filter value is missing",
    );
  });

  it("answers a missing top with 500 and Spring's message", async () => {
    const response = await api.call("POST", "/api/elasticsearch/search?indexPattern=alert-*", {
      token,
      json: [],
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("x-utmstack-error")).toBe(
      "Required request parameter 'top' for method parameter type Integer is not present",
    );
  });

  it("builds search Links 0-based as UtilPagination does", async () => {
    const response = await api.call(
      "POST",
      "/api/elasticsearch/search?top=10&indexPattern=alert-*&size=5&page=1",
      { token, json: [] },
    );
    expect(response.headers.get("link")).toBe(
      '</api/elasticsearch/search?page=0&size=5>; rel="prev",</api/elasticsearch/search?page=1&size=5>; rel="last",</api/elasticsearch/search?page=0&size=5>; rel="first"',
    );
  });
});

describe("utmstack-v11 has no authorization groups and no public keyId", () => {
  it("shows neither field, ignores a group sent, has no group route, and logs usage without keyId", async () => {
    const { key, secret } = await api.keyWithSecret(token, { name: "ci", authorizationGroup: "search-only" });
    expect(Object.keys(key).sort()).toEqual([
      "allowedIp",
      "createdAt",
      "expiresAt",
      "generatedAt",
      "id",
      "name",
    ]);
    // the group was ignored: the key acts with its owner's permissions
    expect((await api.call("GET", "/api/api-keys", { headers: { "utm-api-key": secret } })).status).toBe(200);
    const groups = await api.call("GET", "/api/api-keys/authorization-groups", { token });
    expect(groups.status).toBe(500);
    const usage = await api.call("POST", "/api/api-keys/usage?top=10&indexPattern=v11-api-access-logs-*", {
      token,
      json: [],
    });
    const [entry] = await usage.json();
    expect(entry.apiKeyName).toBe("ci");
    expect(entry).not.toHaveProperty("keyId");
  });
});
