import { beforeEach, describe, expect, it } from "vitest";
import { apiClient, daysFrom } from "../support/api.js";
import { API_KEYS_NOW as NOW, useApiKeysMock } from "../support/api-keys-mock.js";

const mock = useApiKeysMock();
const api = apiClient();
let token: string;
beforeEach(async () => {
  token = await api.login();
});

describe("create", () => {
  it("answers 201 with the key and without any secret", async () => {
    const response = await api.call("POST", "/api/api-keys", {
      token,
      json: { name: "ci", allowedIp: ["10.0.0.0/24"], expiresAt: "2026-02-10T08:00:00Z", description: "CI" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBeNull();
    const body = await response.json();
    expect(body).toEqual({
      id: 1,
      name: "ci",
      description: "CI",
      allowedIp: ["10.0.0.0/24"],
      createdAt: "2026-01-10T08:00:00Z",
      expiresAt: "2026-02-10T08:00:00Z",
      generatedAt: "2026-01-10T08:00:00Z",
      lastUsedAt: null,
      status: "ACTIVE",
      keyId: expect.stringMatching(/^key_[0-9a-f]{32}$/),
      authorizationGroup: null,
    });
    expect(mock.store.keys.all()[0]?.secretHash).toBeNull();
  });

  it("refuses a duplicate name of the same user with 409, but not of another user", async () => {
    await api.createKey(token, { name: "ci" });
    const again = await api.call("POST", "/api/api-keys", { token, json: { name: "ci", allowedIp: [] } });
    expect(again.status).toBe(409);
    expect(again.headers.get("x-utmstack-error")).toBe("ApiKeyService.createApiKey: Api key already exists");
    expect(await again.text()).toBe("");
    const bob = await api.login("bob", "bobpass");
    expect(
      (await api.call("POST", "/api/api-keys", { token: bob, json: { name: "ci", allowedIp: [] } })).status,
    ).toBe(201);
  });

  it("enforces the per-user limit of active keys with a 409 that states the limit; revoked keys do not count", async () => {
    for (const name of ["k1", "k2", "k3"]) await api.createKey(token, { name });
    const over = await api.call("POST", "/api/api-keys", { token, json: { name: "k4", allowedIp: [] } });
    expect(over.status).toBe(409);
    expect(over.headers.get("x-utmstack-error")).toContain("at most 3 active keys");
    expect((await api.call("POST", "/api/api-keys/1/revoke", { token })).status).toBe(200);
    expect(
      (await api.call("POST", "/api/api-keys", { token, json: { name: "k4", allowedIp: [] } })).status,
    ).toBe(201);
  });

  it.each([
    [{ name: "x", allowedIp: [] }, "name: must be 2-200 characters, got 1"],
    [
      { name: "ok", allowedIp: ["10.0.0.300"] },
      'allowedIp[0]: "10.0.0.300" is not a valid IP address or CIDR range',
    ],
    [{ name: "ok", allowedIp: [], expiresAt: "2026-01-01T00:00:00Z" }, "expiresAt: must be in the future"],
    [{ name: "ok", description: "d".repeat(1001) }, "description: must be at most 1000 characters, got 1001"],
  ])("refuses invalid input %j with 400 naming the field", async (json, reason) => {
    const response = await api.call("POST", "/api/api-keys", { token, json });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-utmstack-error")).toBe(reason);
  });

  it("refuses malformed JSON with 400 saying so", async () => {
    const response = await api.call("POST", "/api/api-keys", {
      token,
      body: '{"name": "ci",',
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-utmstack-error")).toMatch(/^Malformed JSON body: /);
  });
});

describe("generate", () => {
  it("returns the secret once as 43 characters of text/plain and stores only its hash", async () => {
    const key = await api.createKey(token, { name: "ci" });
    const response = await api.call("POST", `/api/api-keys/${key.id}/generate`, { token });
    expect(response.headers.get("content-type")).toBe("text/plain;charset=UTF-8");
    const secret = await response.text();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = mock.store.keys.all()[0]!;
    expect(stored.secretHash).not.toContain(secret);
    expect(JSON.stringify(mock.store.snapshot())).not.toContain(secret);
    const read = await (await api.call("GET", `/api/api-keys/${key.id}`, { token })).text();
    expect(read).not.toContain(secret);
  });

  it("invalidates the previous secret at once and slides the expiry by the original lifetime", async () => {
    const key = await api.createKey(token, { name: "ci", expiresAt: daysFrom(NOW, 30) });
    const first = await api.generate(token, key.id);
    mock.clock.advance("10d");
    token = await api.login(); // the first JWT expired with the clock
    const second = await api.generate(token, key.id);
    expect(second).not.toBe(first);
    const refused = await api.call("GET", "/api/api-keys", { headers: { "x-api-key": first } });
    expect(refused.status).toBe(401);
    const accepted = await api.call("GET", "/api/api-keys", { headers: { "x-api-key": second } });
    expect(accepted.headers.get("x-utmstack-error")).toBeNull();
    expect(accepted.status).toBe(200);
    const body = await (await api.call("GET", `/api/api-keys/${key.id}`, { token })).json();
    expect(body.expiresAt).toBe(daysFrom(NOW, 40));
    expect(body.generatedAt).toBe(daysFrom(NOW, 10));
  });

  it("turns a key without expiry into a 7-day key", async () => {
    const key = await api.createKey(token, { name: "ci", expiresAt: null });
    await api.generate(token, key.id);
    const body = await (await api.call("GET", `/api/api-keys/${key.id}`, { token })).json();
    expect(body.expiresAt).toBe(daysFrom(NOW, 7));
  });

  it("refuses a revoked key with 409", async () => {
    const key = await api.createKey(token, { name: "ci" });
    await api.call("POST", `/api/api-keys/${key.id}/revoke`, { token });
    const response = await api.call("POST", `/api/api-keys/${key.id}/generate`, { token });
    expect(response.status).toBe(409);
    expect(response.headers.get("x-utmstack-error")).toContain("revoked");
  });
});

describe("read, update, revoke, delete", () => {
  it("answers an unknown id with 404 and a non-numeric id with 400", async () => {
    const missing = await api.call("GET", "/api/api-keys/999", { token });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-utmstack-error")).toBe("ApiKeyService.getApiKey: API key not found");
    const bad = await api.call("GET", "/api/api-keys/abc", { token });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-utmstack-error")).toBe('id: must be a positive integer, got "abc"');
  });

  it("hides other users' keys: their ids answer as not found for every operation", async () => {
    const key = await api.createKey(token, { name: "mine" });
    const bob = await api.login("bob", "bobpass");
    for (const [method, path] of [
      ["GET", `/api/api-keys/${key.id}`],
      ["PUT", `/api/api-keys/${key.id}`],
      ["DELETE", `/api/api-keys/${key.id}`],
      ["POST", `/api/api-keys/${key.id}/generate`],
      ["POST", `/api/api-keys/${key.id}/revoke`],
    ] as const) {
      const response = await api.call(method, path, {
        token: bob,
        json: method === "PUT" ? { name: "x2" } : undefined,
      });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const list = await (await api.call("GET", "/api/api-keys", { token: bob })).json();
    expect(list).toEqual([]);
  });

  it("replaces every field on update, keeps the secret working, and refuses a name in use", async () => {
    const { key, secret } = await api.keyWithSecret(token, {
      name: "ci",
      allowedIp: ["10.0.0.1"],
      description: "d",
    });
    await api.createKey(token, { name: "other" });
    const updated = await api.call("PUT", `/api/api-keys/${key.id}`, { token, json: { name: "ci-2" } });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      name: "ci-2",
      allowedIp: [],
      description: null,
      expiresAt: null,
    });
    expect((await api.call("GET", "/api/api-keys", { headers: { "utm-api-key": secret } })).status).toBe(200);
    const clash = await api.call("PUT", `/api/api-keys/${key.id}`, { token, json: { name: "other" } });
    expect(clash.status).toBe(409);
  });

  it("keeps a revoked key listed as REVOKED, refuses its secret and its edits; revoking again is harmless", async () => {
    const { key, secret } = await api.keyWithSecret(token, { name: "ci" });
    const revoked = await api.call("POST", `/api/api-keys/${key.id}/revoke`, { token });
    expect((await revoked.json()).status).toBe("REVOKED");
    expect((await api.call("POST", `/api/api-keys/${key.id}/revoke`, { token })).status).toBe(200);
    const list = await (await api.call("GET", "/api/api-keys", { token })).json();
    expect(list.map((item: { status: string }) => item.status)).toEqual(["REVOKED"]);
    const used = await api.call("GET", "/api/api-keys", { headers: { "x-api-key": secret } });
    expect(used.status).toBe(401);
    expect(used.headers.get("x-utmstack-error")).toBe("API key revoked");
    expect(
      (await api.call("PUT", `/api/api-keys/${key.id}`, { token, json: { name: "again" } })).status,
    ).toBe(409);
  });

  it("deletes a key for good (204, gone from the list, secret refused)", async () => {
    const { key, secret } = await api.keyWithSecret(token, { name: "ci" });
    const deleted = await api.call("DELETE", `/api/api-keys/${key.id}`, { token });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await api.call("GET", `/api/api-keys/${key.id}`, { token })).status).toBe(404);
    expect((await api.call("GET", "/api/api-keys", { headers: { "x-api-key": secret } })).status).toBe(401);
  });
});
