import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useKeyServiceMock } from "../../src/vitest.js";
import { apiClient } from "../support/api.js";

const seedFile = fileURLToPath(new URL("../fixtures/seed.json", import.meta.url));
const mock = useKeyServiceMock({ seed: seedFile, now: "2026-01-10T00:00:00Z", admin: true });
const api = apiClient();
const SEARCH = "/api/elasticsearch/search?top=100&size=100&indexPattern=alert-*";

describe("seeding from a JSON file", () => {
  it("creates users with their permissions and keys that answer to their known secret", async () => {
    const ok = await api.call("GET", "/api/api-keys", {
      headers: { "x-api-key": "seeded-secret-for-tests-0123456789abcdefgh" },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).map((key: { name: string; status: string }) => [key.name, key.status])).toEqual([
      ["monitoring", "ACTIVE"],
      ["old", "REVOKED"],
    ]);
    const revoked = await api.call("GET", "/api/api-keys", {
      headers: { "x-api-key": "revoked-secret-for-tests-0123456789abcdef" },
    });
    expect(revoked.status).toBe(401);
    const ops = await api.login("ops", "ops-password");
    expect(
      (await api.call("POST", "/api/api-keys", { token: ops, json: { name: "new", allowedIp: [] } })).status,
    ).toBe(403);
  });

  it("keeps a seeded expiry as written", () => {
    expect(mock.store.snapshot().keys[0]?.expiresAt).toBe("2030-01-01T00:00:00.000Z");
  });

  it("generates the requested number of alerts plus the hand-written ones", async () => {
    const response = await api.call("POST", SEARCH, { token: await api.login(), json: [] });
    expect(response.headers.get("x-total-count")).toBe("21");
  });
});

describe("control", () => {
  it("reset() forgets what tests did and re-applies the seed", async () => {
    const token = await api.login();
    await api.createKey(token, { name: "temporary" });
    mock.clock.advance("3d");
    mock.reset();
    expect(mock.store.snapshot().keys.map((key) => key.name)).toEqual(["monitoring", "old"]);
    expect(mock.clock.now()).toBe(Date.parse("2026-01-10T00:00:00Z"));
  });

  it("POST /__mock/clock advances and sets the clock", async () => {
    const advanced = await api.call("POST", "/__mock/clock", { json: { advance: "31d" } });
    expect(await advanced.json()).toEqual({ now: "2026-02-10T00:00:00.000Z" });
    await api.call("POST", "/__mock/clock", { json: { set: "2027-01-01T00:00:00Z" } });
    expect(mock.clock.now()).toBe(Date.parse("2027-01-01T00:00:00Z"));
    const bad = await api.call("POST", "/__mock/clock", { json: { advance: "soon" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('Unknown duration "soon"');
  });

  it("POST /__mock/faults adds faults, DELETE clears them", async () => {
    const added = await api.call("POST", "/__mock/faults", {
      json: { path: "/api/authenticate", status: 503 },
    });
    expect(added.status).toBe(201);
    expect(
      (await api.call("POST", "/api/authenticate", { json: { username: "admin", password: "admin" } }))
        .status,
    ).toBe(503);
    await api.call("DELETE", "/__mock/faults");
    expect(
      (await api.call("POST", "/api/authenticate", { json: { username: "admin", password: "admin" } }))
        .status,
    ).toBe(200);
    expect((await api.call("POST", "/__mock/faults", { json: { status: 503 } })).status).toBe(400);
  });

  it("GET /__mock/state shows keys and users without any secret, hash or password", async () => {
    const state = await (await api.call("GET", "/__mock/state")).text();
    expect(state).toContain('"monitoring"');
    expect(state).not.toContain("seeded-secret-for-tests");
    expect(state).not.toContain("ops-password");
    expect(state).not.toMatch(/secretHash|passwordHash/);
  });

  it("POST /__mock/seed adds users and keys; a bad seed is a 400 naming the entry", async () => {
    const seeded = await api.call("POST", "/__mock/seed", {
      json: {
        users: [{ login: "late", password: "late-pass" }],
        keys: [{ owner: "late", name: "k", secret: "late-secret-0123456789" }],
      },
    });
    expect(seeded.status).toBe(201);
    expect(
      (await api.call("GET", "/api/api-keys", { headers: { "x-api-key": "late-secret-0123456789" } })).status,
    ).toBe(200);
    const bad = await api.call("POST", "/__mock/seed", { json: { keys: [{ owner: "ghost", name: "k" }] } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('keys[0]: no user "ghost" to own key "k"');
  });

  it("POST /__mock/reset resets everything", async () => {
    const token = await api.login();
    await api.createKey(token, { name: "temporary" });
    expect((await api.call("POST", "/__mock/reset")).status).toBe(204);
    expect(mock.store.snapshot().keys).toHaveLength(2);
  });
});
