import { beforeEach, describe, expect, it } from "vitest";
import { useKeyServiceMock } from "../../src/vitest.js";
import { apiClient } from "../support/api.js";

const NOW = Date.parse("2026-01-10T08:00:00Z");
const SEARCH = "/api/elasticsearch/search?top=10&indexPattern=alert-*&size=1";
// the seeded secrets: at least 8 characters each
const SECRETS = { wide: "wide-group-secret", narrow: "narrow-owner-secret" };

const mock = useKeyServiceMock({
  now: NOW,
  users: [
    { login: "admin", password: "admin" },
    {
      login: "operator",
      password: "operator",
      permissions: ["api.key.view", "api.key.create", "api.key.update"],
    },
    { login: "viewer", password: "viewer", permissions: ["api.key.view"] },
  ],
  seed: {
    groups: [
      { name: "auditors", description: "Reads keys", permissions: ["api.key.view"] },
      { name: "creators", permissions: ["api.key.view", "api.key.create"] },
    ],
    // the operator's key sits in a group granting more than the operator holds: the seed may do that,
    // the API may not, and the key must still hold only what both grant
    keys: [
      { owner: "operator", name: "wide", secret: SECRETS.wide, authorizationGroup: "key-administration" },
    ],
  },
});
const api = apiClient();
let token: string;
beforeEach(async () => {
  token = await api.login();
});

const groupNames = async (auth: { token?: string; headers?: Record<string, string> }) =>
  (await (await api.call("GET", "/api/api-keys/authorization-groups", auth)).json()).map(
    (group: { name: string }) => group.name,
  );

describe("the group list", () => {
  it("lists the built-in and seeded groups with their permissions, by name", async () => {
    const response = await api.call("GET", "/api/api-keys/authorization-groups", { token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { name: "auditors", description: "Reads keys", permissions: ["api.key.view"], builtIn: false },
      { name: "creators", description: "", permissions: ["api.key.view", "api.key.create"], builtIn: false },
      {
        name: "key-administration",
        description: expect.any(String),
        permissions: ["api.key.view", "api.key.create", "api.key.update", "api.key.delete"],
        builtIn: true,
      },
      { name: "read-only", description: expect.any(String), permissions: ["api.key.view"], builtIn: true },
      { name: "search-only", description: expect.any(String), permissions: [], builtIn: true },
    ]);
  });

  it("lists only the groups the caller may assign", async () => {
    expect(await groupNames({ token: await api.login("viewer", "viewer") })).toEqual([
      "auditors",
      "read-only",
      "search-only",
    ]);
  });
});

describe("a key's permissions", () => {
  const keyIn = async (group: string | null) =>
    (await api.keyWithSecret(token, { name: `key-${group}`, authorizationGroup: group })).secret;

  it("are its owner's without a group", async () => {
    const secret = await keyIn(null);
    const created = await api.call("POST", "/api/api-keys", {
      headers: { "x-api-key": secret },
      json: { name: "made-by-key", allowedIp: [] },
    });
    expect(created.status).toBe(201);
  });

  it("are the group's: search-only searches and is refused the key list like a user without api.key.view", async () => {
    const secret = await keyIn("search-only");
    expect((await api.call("POST", SEARCH, { headers: { "x-api-key": secret }, json: [] })).status).toBe(200);
    const refused = await api.call("GET", "/api/api-keys", { headers: { "x-api-key": secret } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-utmstack-error")).toBe("Missing permission api.key.view");
    const asUser = await api.call("POST", "/api/api-keys", {
      token: await api.login("viewer", "viewer"),
      json: { name: "no", allowedIp: [] },
    });
    const { path: _userPath, ...userBody } = await asUser.json();
    expect(await refused.json()).toEqual({ ...userBody, path: "/api/api-keys" });
  });

  it("are the group's: read-only reads and is refused creating, with the missing permission named", async () => {
    const secret = await keyIn("read-only");
    const headers = { "x-api-key": secret };
    expect((await api.call("GET", "/api/api-keys", { headers })).status).toBe(200);
    const refused = await api.call("POST", "/api/api-keys", { headers, json: { name: "no", allowedIp: [] } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-utmstack-error")).toBe("Missing permission api.key.create");
  });

  it("are the intersection of the group's and the owner's", async () => {
    const headers = { "x-api-key": SECRETS.wide };
    expect((await api.call("GET", "/api/api-keys/1", { headers })).status).toBe(200);
    // key-administration grants delete, the operator does not hold it
    const refused = await api.call("DELETE", "/api/api-keys/1", { headers });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-utmstack-error")).toBe("Missing permission api.key.delete");
    // nor may the key hand its own group on: it does not hold all of it
    const regrouped = await api.call("PUT", "/api/api-keys/1", {
      headers,
      json: { name: "wide", authorizationGroup: "key-administration" },
    });
    expect(regrouped.status).toBe(400);
    const narrowed = await api.call("PUT", "/api/api-keys/1", {
      headers,
      json: { name: "wide", authorizationGroup: "read-only" },
    });
    expect((await narrowed.json()).authorizationGroup).toBe("read-only");
  });

  it("limit what the key may assign: a key lists and gives only groups within its own permissions", async () => {
    const secret = await keyIn("read-only");
    expect(await groupNames({ headers: { "x-api-key": secret } })).toEqual([
      "auditors",
      "read-only",
      "search-only",
    ]);
  });
});

describe("a key creating keys", () => {
  it("gives at most its own permissions: no group (its owner's, more than its own) is refused", async () => {
    const { secret } = await api.keyWithSecret(token, { name: "creator", authorizationGroup: "creators" });
    const headers = { "x-api-key": secret };
    const create = (json: Record<string, unknown>) =>
      api.call("POST", "/api/api-keys", { headers, json: { allowedIp: [], ...json } });
    const without = await create({ name: "escalated" });
    expect(without.status).toBe(400);
    expect(without.headers.get("x-utmstack-error")).toMatch(
      /^authorizationGroup: is required: .* would hold api\.key\.update, api\.key\.delete;/,
    );
    expect((await create({ name: "reader", authorizationGroup: "read-only" })).status).toBe(201);
    expect((await create({ name: "peer", authorizationGroup: "creators" })).status).toBe(201);
  });
});

describe("assigning a group", () => {
  const refusal = async (response: Response) => [response.status, response.headers.get("x-utmstack-error")];

  it("refuses an unknown group, on create and on update, with 400 naming the field", async () => {
    const created = await api.call("POST", "/api/api-keys", {
      token,
      json: { name: "ci", allowedIp: [], authorizationGroup: "nope" },
    });
    expect(await refusal(created)).toEqual([
      400,
      'authorizationGroup: no group named "nope"; GET /api/api-keys/authorization-groups lists the groups you may assign',
    ]);
    const key = await api.createKey(token, { name: "ci" });
    const updated = await api.call("PUT", `/api/api-keys/${key.id}`, {
      token,
      json: { name: "ci", authorizationGroup: "nope" },
    });
    expect((await refusal(updated))[0]).toBe(400);
    expect((await refusal(updated))[1]).toMatch(/^authorizationGroup: no group named "nope"/);
  });

  it("refuses a group granting what the caller lacks, on create and on update", async () => {
    const operator = await api.login("operator", "operator");
    const created = await api.call("POST", "/api/api-keys", {
      token: operator,
      json: { name: "ci", allowedIp: [], authorizationGroup: "key-administration" },
    });
    expect(await refusal(created)).toEqual([
      400,
      'authorizationGroup: group "key-administration" grants api.key.delete, which the caller does not hold; GET /api/api-keys/authorization-groups lists the groups you may assign',
    ]);
    const key = await api.createKey(operator, { name: "ci", authorizationGroup: "read-only" });
    expect(key.authorizationGroup).toBe("read-only");
    const updated = await api.call("PUT", `/api/api-keys/${key.id}`, {
      token: operator,
      json: { name: "ci", authorizationGroup: "key-administration" },
    });
    expect((await refusal(updated))[0]).toBe(400);
    expect(mock.store.keys.get(2, key.id).authorizationGroup).toBe("read-only");
  });

  it("refuses a group that is not a name", async () => {
    const created = await api.call("POST", "/api/api-keys", {
      token,
      json: { name: "ci", allowedIp: [], authorizationGroup: 3 },
    });
    expect(await refusal(created)).toEqual([400, "authorizationGroup: must be a group's name or null"]);
  });

  it("lets a full update clear the group, and filters the list by group", async () => {
    const key = await api.createKey(token, { name: "ci", authorizationGroup: "search-only" });
    await api.createKey(token, { name: "cd", authorizationGroup: "read-only" });
    const listed = async (group: string) =>
      (await (await api.call("GET", `/api/api-keys?authorizationGroup=${group}`, { token })).json()).map(
        (k: { name: string }) => k.name,
      );
    expect(await listed("search-only")).toEqual(["ci"]);
    expect(await listed("unknown")).toEqual([]);
    const cleared = await api.call("PUT", `/api/api-keys/${key.id}`, { token, json: { name: "ci" } });
    expect((await cleared.json()).authorizationGroup).toBeNull();
    expect(await listed("search-only")).toEqual([]);
  });
});
