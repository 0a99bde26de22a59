import { beforeEach, describe, expect, it } from "vitest";
import { useKeyServiceMock } from "../../src/vitest.js";
import { apiClient, daysFrom } from "../support/api.js";

const NOW = Date.parse("2026-01-10T08:00:00Z");
const mock = useKeyServiceMock({
  now: NOW,
  trustProxy: true,
  users: [
    { login: "admin", password: "admin" },
    { login: "sleeper", password: "sleeper", activated: false },
  ],
});
const api = apiClient();
const SEARCH = "/api/elasticsearch/search?top=10&indexPattern=alert-*&size=1";

describe("login", () => {
  it("answers the documented body with an HS512 JWT holding sub, auth and exp", async () => {
    const response = await api.call("POST", "/api/authenticate", {
      json: { username: "admin", password: "admin" },
    });
    const body = await response.json();
    expect(body.authenticated).toBe(true);
    const [header, payload] = (body.id_token as string).split(".");
    expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toEqual({ alg: "HS512" });
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    expect(claims).toMatchObject({ sub: "admin", exp: NOW / 1000 + 86_400 });
    expect(claims.auth.split(",")).toContain("ROLE_USER");
  });

  it("refuses bad credentials with 401, an empty body and X-UtmStack-error", async () => {
    const response = await api.call("POST", "/api/authenticate", {
      json: { username: "admin", password: "wrong" },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("x-utmstack-error")).toBe("Bad credentials");
    expect(await response.text()).toBe("");
  });

  it("refuses an inactive user", async () => {
    const response = await api.call("POST", "/api/authenticate", {
      json: { username: "sleeper", password: "sleeper" },
    });
    expect(response.status).toBe(401);
  });

  it("refuses a body that breaks LoginVM's sizes with 400", async () => {
    const response = await api.call("POST", "/api/authenticate", {
      json: { username: "admin", password: "abc" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-utmstack-error")).toBe("password: must be a string of 4-100 characters");
  });

  it("locks an address out after 10 failures in 10 minutes (423), other addresses unaffected, then lets it in again", async () => {
    const from = (address: string, password: string) =>
      api.call("POST", "/api/authenticate", {
        json: { username: "admin", password },
        headers: { "x-forwarded-for": address },
      });
    for (let i = 0; i < 10; i++) expect((await from("203.0.113.7", "wrong")).status).toBe(401);
    const locked = await from("203.0.113.7", "admin");
    expect(locked.status).toBe(423);
    expect(locked.headers.get("x-utmstack-error")).toBe(
      "Authentication blocked: IP 203.0.113.7 exceeded login attempt threshold",
    );
    expect((await from("203.0.113.8", "admin")).status).toBe(200);
    mock.clock.advance("10m");
    expect((await from("203.0.113.7", "admin")).status).toBe(200);
  });

  it("lets a JWT expire by the mock's clock", async () => {
    const token = await api.login();
    expect((await api.search(SEARCH.split("?")[1]!, [], { token })).status).toBe(200);
    mock.clock.advance("24h");
    const expired = await api.search(SEARCH.split("?")[1]!, [], { token });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ status: 401, error: "Unauthorized" });
  });

  it("refuses a tampered JWT", async () => {
    const token = await api.login();
    const [header, , signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "admin", auth: "ROLE_USER", exp: 9e9 })).toString(
      "base64url",
    );
    expect(
      (await api.call("GET", "/api/api-keys", { token: `${header}.${forged}.${signature}` })).status,
    ).toBe(401);
  });
});

describe("API keys as credentials", () => {
  let token: string;
  beforeEach(async () => {
    token = await api.login();
  });

  it.each([
    ["Authorization: Bearer", (secret: string) => ({ authorization: `Bearer ${secret}` })],
    ["Utm-Api-Key", (secret: string) => ({ "utm-api-key": secret })],
    ["X-API-Key", (secret: string) => ({ "x-api-key": secret })],
  ])("authenticate as their owner via %s on search, usage and api-keys", async (_name, headers) => {
    const { secret } = await api.keyWithSecret(token, { name: "ci" });
    expect((await api.call("POST", `${SEARCH}`, { headers: headers(secret), json: [] })).status).toBe(200);
    expect(
      (
        await api.call("POST", "/api/api-keys/usage?top=5&indexPattern=v11-api-access-logs-*", {
          headers: headers(secret),
        })
      ).status,
    ).toBe(200);
    const list = await api.call("GET", "/api/api-keys", { headers: headers(secret) });
    expect((await list.json()).map((key: { name: string }) => key.name)).toEqual(["ci"]);
  });

  it("refuses with 401 and Spring's body: unknown, deleted, expired and outside-allowlist keys", async () => {
    const refused = async (headers: Record<string, string>) => {
      const response = await api.call("POST", SEARCH, { headers, json: [] });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        status: 401,
        error: "Unauthorized",
        path: "/api/elasticsearch/search",
      });
      return response.headers.get("x-utmstack-error");
    };
    expect(await refused({ "x-api-key": "A".repeat(43) })).toBe("Invalid API key");

    const deleted = await api.keyWithSecret(token, { name: "gone" });
    await api.call("DELETE", `/api/api-keys/${deleted.key.id}`, { token });
    expect(await refused({ "x-api-key": deleted.secret })).toBe("Invalid API key");

    const fenced = await api.keyWithSecret(token, {
      name: "fenced",
      allowedIp: ["10.0.0.0/24", "2001:db8::/32"],
    });
    expect(await refused({ "x-api-key": fenced.secret, "x-forwarded-for": "10.0.1.5" })).toBe(
      "Invalid IP address: 10.0.1.5. If you recognize this IP, add it to allowed IP list.",
    );
    for (const address of ["10.0.0.9", "2001:db8:1::5", "::ffff:10.0.0.200"]) {
      const ok = await api.call("POST", SEARCH, {
        headers: { "x-api-key": fenced.secret, "x-forwarded-for": address },
        json: [],
      });
      expect(ok.status, address).toBe(200);
    }

    const short = await api.keyWithSecret(token, { name: "short", expiresAt: daysFrom(NOW, 1) });
    const expiresAt = await (await api.call("GET", `/api/api-keys/${short.key.id}`, { token })).json();
    mock.clock.set(Date.parse(expiresAt.expiresAt) - 1);
    expect(
      (await api.call("POST", SEARCH, { headers: { "x-api-key": short.secret }, json: [] })).status,
    ).toBe(200);
    mock.clock.set(Date.parse(expiresAt.expiresAt));
    expect(await refused({ "x-api-key": short.secret })).toMatch(/^API key expired at /);
  });

  it("answers a request without any credential with 401 and Spring's body", async () => {
    const response = await api.call("POST", SEARCH, { json: [] });
    expect(response.status).toBe(401);
    expect(Object.keys(await response.json()).sort()).toEqual(["error", "path", "status", "timestamp"]);
  });
});

describe("usage log", () => {
  it("keeps no credential sent in the query, however its name is escaped", async () => {
    const token = await api.login();
    const { key, secret } = await api.keyWithSecret(token, { name: "ci" });
    await api.call("POST", `${SEARCH}&access%5Ftoken=LEAKED-JWT&password=admin`, {
      headers: { "x-api-key": secret },
      json: [],
    });
    const usage = await api.call("POST", "/api/api-keys/usage?top=10&indexPattern=v11-api-access-logs-*", {
      token,
      json: [{ field: "apiKeyId", operator: "IS", value: String(key.id) }],
    });
    const [entry] = await usage.json();
    expect(entry.queryParams).toBe(
      "top=10&indexPattern=alert-*&size=1&access%5Ftoken=[redacted]&password=[redacted]",
    );
  });

  it("records every use of a key (fields as ApiKeyUsageLog) and sets lastUsedAt", async () => {
    const token = await api.login();
    const { key, secret } = await api.keyWithSecret(token, { name: "ci" });
    mock.clock.advance("1m");
    await api.call("POST", `${SEARCH}&page=1`, {
      headers: { "x-api-key": secret, "user-agent": "curl/8.5.0", "x-forwarded-for": "198.51.100.4" },
      json: [{ field: "status", operator: "IS", value: 2 }],
    });
    const read = await (await api.call("GET", `/api/api-keys/${key.id}`, { token })).json();
    expect(read.lastUsedAt).toBe(new Date(NOW + 60_000).toISOString().replace(".000Z", "Z"));

    const usage = await api.call("POST", "/api/api-keys/usage?top=10&indexPattern=v11-api-access-logs-*", {
      token,
      json: [{ field: "apiKeyId", operator: "IS", value: String(key.id) }],
    });
    const [entry] = await usage.json();
    expect(entry).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      apiKeyId: String(key.id),
      apiKeyName: "ci",
      keyId: key.keyId,
      userId: "1",
      timestamp: new Date(NOW + 60_000).toISOString(),
      endpoint: "/api/elasticsearch/search",
      address: "198.51.100.4",
      errorMessage: null,
      queryParams: "top=10&indexPattern=alert-*&size=1&page=1",
      payload: '[{"field":"status","operator":"IS","value":2}]',
      userAgent: "curl/8.5.0",
      httpMethod: "POST",
      statusCode: "200",
    });
    expect(usage.headers.get("link")).toContain("/api/elasticsearch/search?page=");
  });

  it("records refused attempts too, with the reason, and never the secret", async () => {
    const token = await api.login();
    const { secret } = await api.keyWithSecret(token, { name: "fenced", allowedIp: ["10.0.0.1"] });
    await api.call("GET", "/api/api-keys", {
      headers: { "x-api-key": secret, "x-forwarded-for": "10.0.0.2" },
    });
    await api.call("GET", "/api/api-keys", { headers: { "x-api-key": "Z".repeat(43) } });
    const entries = mock.store.usage;
    expect(entries.map((entry) => [entry.apiKeyName, entry.statusCode, entry.errorMessage])).toEqual([
      ["fenced", "401", "Invalid IP address: 10.0.0.2. If you recognize this IP, add it to allowed IP list."],
      [null, "401", "Invalid API key"],
    ]);
    expect(JSON.stringify(entries)).not.toContain(secret);
  });

  it("cuts a logged payload at 2000 characters", async () => {
    const token = await api.login();
    const { secret } = await api.keyWithSecret(token, { name: "ci" });
    await api.call("POST", "/api/api-keys", {
      headers: { "x-api-key": secret },
      json: { name: "n".repeat(150), description: "d".repeat(990), allowedIp: [] },
    });
    await api.call("POST", "/api/api-keys", {
      headers: { "x-api-key": secret },
      json: { name: "big", description: "x".repeat(3000), allowedIp: [] },
    });
    expect(mock.store.usage.map((entry) => entry.payload?.length)).toEqual([expect.any(Number), 2000]);
  });

  it("does not log JWT requests (only API-key uses are usage)", async () => {
    const token = await api.login();
    await api.call("GET", "/api/api-keys", { token });
    expect(mock.store.usage).toEqual([]);
  });
});
