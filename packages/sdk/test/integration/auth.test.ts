import { describe, expect, it } from "vitest";
import { AuthenticationError, PermissionError, type RequestEvent } from "../../src/index.js";
import { daysFromNow, KEY_HEADER, PROFILES, useKeyServiceMock } from "./harness.js";

describe.each(PROFILES)("authentication against the %s mock", (profile) => {
  const { mock, client } = useKeyServiceMock(profile, {
    users: [
      { login: "admin", password: "admin" },
      { login: "viewer", password: "viewer", permissions: ["api.key.view"] },
    ],
  });

  it("logs in with credentials once and reuses the token across calls", async () => {
    const requests: RequestEvent[] = [];
    const kw = client({ onRequest: (e) => requests.push(e) });
    await kw.apiKeys.create({ name: "a1" });
    await kw.apiKeys.list.page();
    expect(requests.filter((r) => r.path === "/api/authenticate")).toHaveLength(1);
  });

  it("logs in again when the token expires by the mock's clock, without the caller noticing", async () => {
    const requests: RequestEvent[] = [];
    const kw = client({ onRequest: (e) => requests.push(e) });
    await kw.apiKeys.list.page();
    mock.clock.advance("2d");
    await expect(kw.apiKeys.list.page()).resolves.toMatchObject({ items: [] });
    expect(requests.map((r) => r.path)).toEqual([
      "/api/authenticate",
      "/api/api-keys",
      "/api/api-keys",
      "/api/authenticate",
      "/api/api-keys",
    ]);
  });

  it("reports a wrong password as AuthenticationError with UTMStack's reason", async () => {
    const kw = client({ auth: { username: "admin", password: "not-admin", bypassTfa: true } });
    const error = (await kw.apiKeys.list.page().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.reason).toBe("Bad credentials");
    expect(JSON.stringify(error) + error.message).not.toContain("not-admin");
  });

  it("reports a locked-out address (423 after ten failures) as AuthenticationError", async () => {
    const kw = client({ auth: { username: "admin", password: "not-admin", bypassTfa: true } });
    for (let i = 0; i < 10; i++) await kw.apiKeys.list.page().catch(() => undefined);
    const error = (await kw.apiKeys.list.page().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(423);
  });

  it("uses a JWT the caller already holds", async () => {
    const { token } = await client().auth.login({ username: "admin", password: "admin", bypassTfa: true });
    const kw = client({ auth: { token } });
    await expect(kw.apiKeys.list.page()).resolves.toMatchObject({ total: 0 });
  });

  it("refuses an unknown API key with AuthenticationError (401, or v11's bare 500)", async () => {
    const kw = client({ auth: { apiKey: "A".repeat(43), header: KEY_HEADER[profile] } });
    const error = (await kw.apiKeys.list.page().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(profile === "documented" ? 401 : 500);
    expect(JSON.stringify(error.toJSON())).not.toContain("A".repeat(43));
  });

  it("refuses a key used from outside its allowedIp", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({
      name: "office",
      allowedIp: ["203.0.113.0/24"],
      expiresAt: daysFromNow(mock, 9),
    });
    const secret = await kw.apiKeys.generate(key.id);
    expect(await kw.apiKeys.verify(secret, { header: KEY_HEADER[profile] })).toBe(false);
  });
});

describe("authentication specific to the documented profile", () => {
  const { mock, client } = useKeyServiceMock("documented", {
    users: [
      { login: "admin", password: "admin" },
      { login: "viewer", password: "viewer", permissions: ["api.key.view"] },
    ],
  });

  it("accepts an API key in Authorization, Utm-Api-Key and X-API-Key", async () => {
    const key = await client().apiKeys.create({ name: "multi", expiresAt: daysFromNow(mock, 9) });
    const secret = await client().apiKeys.generate(key.id);
    for (const header of ["authorization", "utm-api-key", "x-api-key"] as const) {
      await expect(client({ auth: { apiKey: secret, header } }).apiKeys.get(key.id)).resolves.toMatchObject({
        id: key.id,
      });
    }
  });

  it("answers a user without the permission with PermissionError naming it", async () => {
    const kw = client({ auth: { username: "viewer", password: "viewer" } });
    await expect(kw.apiKeys.list.page()).resolves.toBeDefined();
    const error = (await kw.apiKeys.create({ name: "nope" }).catch((e: unknown) => e)) as PermissionError;
    expect(error).toBeInstanceOf(PermissionError);
    expect(error.status).toBe(403);
    expect(error.reason).toContain("api.key.create");
  });
});

describe("two-factor login against the utmstack-v11 mock", () => {
  const { client } = useKeyServiceMock("utmstack-v11");

  it("refuses to continue with a pre-verification token when no code can be given", async () => {
    const kw = client({ auth: { username: "admin", password: "admin" } });
    await expect(kw.apiKeys.list.page()).rejects.toThrow(/second factor/);
  });

  it("completes the login with the code from tfaCode", async () => {
    const kw = client({ auth: { username: "admin", password: "admin", tfaCode: () => "123456" } });
    await expect(kw.apiKeys.list.page()).resolves.toMatchObject({ items: [] });
  });

  it("reports a wrong code as AuthenticationError (412)", async () => {
    const kw = client({ auth: { username: "admin", password: "admin", tfaCode: async () => "000000" } });
    const error = (await kw.apiKeys.list.page().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(412);
  });
});

describe("verifying a key whose owner may not list keys (documented profile)", () => {
  const { mock, client } = useKeyServiceMock("documented", {
    users: [
      { login: "admin", password: "admin" },
      { login: "creator", password: "creator", permissions: ["api.key.create"] },
    ],
  });

  it("counts a 403 as authenticated, and refuses an empty secret before sending", async () => {
    const creator = client({ auth: { username: "creator", password: "creator" } });
    const key = await creator.apiKeys.create({ name: "no-view", expiresAt: daysFromNow(mock, 9) });
    const secret = await creator.apiKeys.generate(key.id);
    expect(await creator.apiKeys.verify(secret)).toBe(true);
    await expect(creator.apiKeys.verify("")).rejects.toThrow("secret must be a non-empty string");
  });
});
