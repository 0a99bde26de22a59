import { describe, expect, it } from "vitest";
import { AuthenticationError, type CredentialsAuth, createKeywardenClient } from "../../src/index.js";
import { failure, fakeFetch, json, KEY, type Seen } from "./fake-fetch.js";

const baseUrl = "http://kw.test";
const SECRET = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx";

/** A server with one valid token at a time; `rotate()` invalidates it (as an expiry would). */
function sessionServer(
  loginBody: (token: string) => unknown = (token) => ({ authenticated: true, id_token: token }),
) {
  let generation = 1;
  const valid = () => `jwt-${generation}`;
  const server = fakeFetch((s: Seen) => {
    if (s.path === "/api/authenticate") {
      const { password } = JSON.parse(s.body) as { password: string };
      return password === "right-password" ? json(loginBody(valid())) : failure(401, "Bad credentials");
    }
    return s.headers.authorization === `Bearer ${valid()}`
      ? json(KEY)
      : json({ timestamp: "t", status: 401, error: "Unauthorized", path: s.path }, 401);
  });
  return {
    ...server,
    rotate: () => {
      generation++;
    },
    logins: () => server.seen.filter((s) => s.path === "/api/authenticate").length,
  };
}

/** A client that logs in with `auth` (right credentials unless overridden) through `server`. */
const loginClient = (
  server: { fetch: ReturnType<typeof fakeFetch>["fetch"] },
  auth: Partial<CredentialsAuth> = {},
) =>
  createKeywardenClient({
    baseUrl,
    fetch: server.fetch,
    auth: { username: "admin", password: "right-password", ...auth },
  });

describe("credentials", () => {
  it("logs in once and reuses the token", async () => {
    const server = sessionServer();
    const kw = loginClient(server);
    await kw.apiKeys.get(3);
    await kw.apiKeys.get(3);
    expect(server.logins()).toBe(1);
    expect(
      server.seen.filter((s) => s.path !== "/api/authenticate").map((s) => s.headers.authorization),
    ).toEqual(["Bearer jwt-1", "Bearer jwt-1"]);
  });

  it("shares one login between concurrent calls", async () => {
    const server = sessionServer();
    const kw = loginClient(server);
    await Promise.all(Array.from({ length: 8 }, () => kw.apiKeys.get(3)));
    expect(server.logins()).toBe(1);
  });

  it("logs in again once when the token is refused, and repeats the request", async () => {
    const server = sessionServer();
    const kw = loginClient(server);
    await kw.apiKeys.get(3);
    server.rotate();
    await Promise.all([kw.apiKeys.get(3), kw.apiKeys.get(3), kw.apiKeys.get(3)]);
    expect(server.logins()).toBe(2);
  });

  it("gives up with AuthenticationError when the fresh token is refused too", async () => {
    const server = fakeFetch((s) =>
      s.path === "/api/authenticate" ? json({ authenticated: true, id_token: "jwt" }) : failure(401),
    );
    const kw = loginClient(server);
    await expect(kw.apiKeys.get(3)).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.seen.map((s) => s.path)).toEqual([
      "/api/authenticate",
      "/api/api-keys/3",
      "/api/authenticate",
      "/api/api-keys/3",
    ]);
  });

  it("reports bad credentials as AuthenticationError without the password", async () => {
    const server = sessionServer();
    const kw = loginClient(server, { password: "wrong-password" });
    const error = (await kw.apiKeys.get(3).catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.reason).toBe("Bad credentials");
    expect(JSON.stringify(error.toJSON()) + error.message).not.toContain("wrong-password");
  });

  it("understands UTMStack v11's login shape and sends X-Bypass-TFA when asked", async () => {
    const server = sessionServer((token) => ({
      success: true,
      tfaConfigured: false,
      forceTfa: false,
      method: null,
      token,
      tfaExpiresInSeconds: 0,
    }));
    const kw = loginClient(server, { bypassTfa: true });
    await kw.apiKeys.get(3);
    expect(server.seen[0]?.headers["x-bypass-tfa"]).toBe("true");
    expect(server.seen[1]?.headers.authorization).toBe("Bearer jwt-1");
  });

  it("refuses a pre-verification token clearly when no second factor can be given", async () => {
    const server = fakeFetch(() =>
      json({ success: true, forceTfa: true, tfaConfigured: false, token: "pre-jwt" }),
    );
    const kw = loginClient(server);
    await expect(kw.apiKeys.get(3)).rejects.toThrow(/second factor.*bypassTfa/);
    expect(server.seen).toHaveLength(1);
  });

  it("completes the second factor with tfaCode, sending the code as text", async () => {
    const server = fakeFetch((s) => {
      if (s.path === "/api/authenticate")
        return json({ success: true, forceTfa: true, tfaConfigured: true, token: "pre-jwt" });
      if (s.path === "/api/tfa/verify-code")
        return json({ id_token: "full-jwt", authenticated: true, tfaMethod: "TOTP" });
      return s.headers.authorization === "Bearer full-jwt" ? json(KEY) : failure(403);
    });
    const kw = loginClient(server, { tfaCode: () => "123456" });
    await expect(kw.apiKeys.get(3)).resolves.toMatchObject({ id: 3 });
    const verify = server.seen[1];
    expect(verify?.body).toBe("123456");
    expect(verify?.headers.authorization).toBe("Bearer pre-jwt");
    expect(verify?.headers["content-type"]).toBe("text/plain");
  });
});

describe("API keys and tokens", () => {
  it.each([
    ["authorization", "authorization", `Bearer ${SECRET}`],
    ["utm-api-key", "utm-api-key", SECRET],
    ["x-api-key", "x-api-key", SECRET],
  ] as const)("sends the key in the %s header", async (header, name, value) => {
    const server = fakeFetch(() => json(KEY));
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, auth: { apiKey: SECRET, header } });
    await kw.apiKeys.get(3);
    expect(server.seen[0]?.headers[name]).toBe(value);
  });

  it("defaults to Authorization: Bearer, as UTMStack's docs show", async () => {
    const server = fakeFetch(() => json(KEY));
    await createKeywardenClient({ baseUrl, fetch: server.fetch, auth: { apiKey: SECRET } }).apiKeys.get(3);
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it("never tries to log in again with a fixed token", async () => {
    const server = fakeFetch(() => failure(401));
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, auth: { token: "jwt" } });
    await expect(kw.apiKeys.get(3)).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.seen).toHaveLength(1);
  });

  it("asks an API key supplier before every request, and once more after a 401 with the refused key", async () => {
    let valid = "key-1";
    const server = fakeFetch((s: Seen) =>
      s.headers["utm-api-key"] === valid ? json(KEY) : failure(401, "API key revoked"),
    );
    let stored = "key-1";
    let cached: string | undefined;
    const asked: (string | undefined)[] = [];
    const kw = createKeywardenClient({
      baseUrl,
      fetch: server.fetch,
      auth: {
        header: "utm-api-key",
        apiKey: async ({ refused }) => {
          asked.push(refused);
          if (cached === undefined || refused === cached) cached = stored; // re-read the store
          return cached;
        },
      },
    });
    await Promise.all([kw.apiKeys.get(3), kw.apiKeys.get(3)]);
    expect(asked).toEqual([undefined, undefined]);

    // The key is rotated elsewhere: the store holds the new one, the server refuses the old one.
    stored = "key-2";
    valid = "key-2";
    await expect(kw.apiKeys.get(3)).resolves.toMatchObject({ id: KEY.id });
    expect(asked.slice(2)).toEqual([undefined, "key-1", undefined]);
    expect(server.seen.map((s) => s.headers["utm-api-key"])).toEqual(["key-1", "key-1", "key-1", "key-2"]);

    // A refused key the supplier still returns: the 401 stands, after asking once more.
    valid = "key-3";
    await expect(kw.apiKeys.get(3)).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.seen).toHaveLength(5);
    expect(asked.at(-1)).toBe("key-2");
  });

  it("refuses a malformed auth option at creation with a clear message", () => {
    expect(() => createKeywardenClient({ baseUrl, auth: { apiKey: "" } })).toThrow(
      "auth.apiKey must be a non-empty string, or a function returning one",
    );
    expect(() =>
      createKeywardenClient({ baseUrl, auth: { apiKey: "k", header: "cookie" as never } }),
    ).toThrow(/auth.header must be/);
    expect(() => createKeywardenClient({ baseUrl: "utm.example.com" })).toThrow(/absolute http\(s\) URL/);
  });
});
