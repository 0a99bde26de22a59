import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useHostileServer } from "./hostile-server.js";

const USAGE_LOG_LIMIT = 200;
const hostile = useHostileServer({ usageLogLimit: USAGE_LOG_LIMIT });

describe("bounded state", () => {
  it("a flood of wrong Utm-Api-Key requests keeps the usage log at its cap, long fields cut", async () => {
    const longQuery = `q=${"x".repeat(6000)}`;
    const longAgent = "agent/".repeat(1500);
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        Array.from({ length: 200 }, () =>
          hostile.send({
            path: `/api/api-keys?${longQuery}`,
            headers: { "utm-api-key": "wrong-key", "user-agent": longAgent },
          }),
        ),
      );
      expect(hostile.mock.store.usageLog.size).toBe(USAGE_LOG_LIMIT);
    }
    const state = JSON.parse((await hostile.fast({ path: "/__mock/state" })).body);
    expect(state.documents["v11-api-access-logs-keywarden-mock"]).toBe(USAGE_LOG_LIMIT);
    const newest = hostile.mock.store.usage.at(-1)!;
    expect(newest.queryParams).toHaveLength(1000);
    expect(newest.userAgent).toHaveLength(1000);
    expect(newest.errorMessage).toBe("Invalid API key");
    await hostile.stillServes();
  });
});

describe("fault rules are checked when they are added", () => {
  it.each([
    [{ path: "(((((", status: 500 }, "is not valid"],
    [{ path: "*", latencyMs: 1e11 }, "latencyMs must be from 0 to 600000"],
    [{ path: "*", latencyMs: { min: 0, max: Number.MAX_VALUE } }, "latencyMs must be from 0"],
    [{ path: "*", method: 5, status: 500 }, "Fault method must be an HTTP method"],
    [{ path: "*", probability: "0.5", status: 500 }, "probability must be between 0 and 1"],
    [{ path: "*", networkError: "yes" }, "networkError must be true or false"],
    [{ path: "*", status: 503, retryAfterSeconds: "soon" }, "retryAfterSeconds must be a whole number"],
    [{ path: `/${"a".repeat(5000)}`, status: 500 }, "at most 2048 characters"],
    [
      [
        { path: "/ok", status: 500 },
        { path: "(", status: 500 },
      ],
      "is not valid",
    ],
  ])("%j is a 400 and changes nothing", async (rule, message) => {
    const answer = await hostile.fast({ method: "POST", path: "/__mock/faults", body: JSON.stringify(rule) });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toContain(message);
    expect(JSON.parse((await hostile.send({ path: "/__mock/faults" })).body)).toEqual([]);
    await hostile.stillServes();
  });

  it("a pattern with many wildcards is matched in linear time", async () => {
    const rule = { path: `${"*a".repeat(12)}Z`, status: 500 };
    expect(
      (await hostile.fast({ method: "POST", path: "/__mock/faults", body: JSON.stringify(rule) })).status,
    ).toBe(201);
    const answer = await hostile.fast({ path: `/api/api-keys/${"a".repeat(8000)}` });
    expect(answer.status).toBe(400);
    await hostile.send({ method: "DELETE", path: "/__mock/faults" });
    await hostile.stillServes();
  });
});

describe("expiry instants are read as Java's Instant reads them", () => {
  const create = (name: string, expiresAt: string) =>
    hostile.fast({
      method: "POST",
      path: "/api/api-keys",
      body: JSON.stringify({ name, allowedIp: [], expiresAt }),
    });

  it.each([
    "2030-02-31T00:00:00Z",
    "2029-02-29T00:00:00Z",
    "2030-04-31T00:00:00Z",
    "2030-01-01T25:00:00Z",
    "2030-01-01T12:00:60Z",
    "2030-01-01T00:00Z",
  ])("%s is a 400 naming expiresAt", async (expiresAt) => {
    const answer = await create("bad-date", expiresAt);
    expect(answer.status).toBe(400);
    expect(answer.headers["x-utmstack-error"]).toBe(
      `expiresAt: "${expiresAt}" is not an ISO-8601 instant (e.g. 2030-01-31T00:00:00Z)`,
    );
  });

  it.each([
    ["2030-01-01T24:00:00Z", "2030-01-02T00:00:00Z"],
    ["2030-06-30T23:59:60Z", "2030-06-30T23:59:59Z"],
    ["2028-02-29T00:00:00Z", "2028-02-29T00:00:00Z"],
  ])("%s is read as %s (Java's own readings of hour 24 and a leap second)", async (expiresAt, read) => {
    const answer = await create(`ok-${expiresAt.slice(0, 10)}-${expiresAt.slice(11, 13)}`, expiresAt);
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body).expiresAt).toBe(read);
    await hostile.authed({ method: "DELETE", path: `/api/api-keys/${JSON.parse(answer.body).id}` });
  });
});

describe("the /__mock controls refuse web pages", () => {
  it.each([
    [{ origin: "http://evil.example" }, "Cross-origin"],
    [{ host: "evil.example" }, "is not this machine"],
    [{ host: "evil.example:4010" }, "is not this machine"],
    [{ "sec-fetch-site": "cross-site" }, "other sites"],
  ])("%j is a 403 on every control", async (headers, message) => {
    for (const [method, path] of [
      ["POST", "/__mock/reset"],
      ["POST", "/__mock/seed"],
      ["GET", "/__mock/state"],
      ["DELETE", "/__mock/faults"],
    ] as const) {
      const answer = await hostile.fast(
        { method, path, headers, body: method === "POST" ? "{}" : undefined },
        false,
      );
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(JSON.parse(answer.body).error).toContain(message);
    }
  });

  it.each<Record<string, string>>([
    { host: "localhost" },
    { host: "127.0.0.1:4010" },
    { host: "[::1]:4010" },
    { origin: "same" },
  ])("%j is served", async (headers) => {
    const sent = headers.origin === "same" ? { origin: hostile.url } : headers;
    expect((await hostile.fast({ path: "/__mock/state", headers: sent }, false)).status).toBe(200);
  });

  it("warns loudly when the CLI serves the controls beyond loopback", async () => {
    const bin = fileURLToPath(new URL("../../bin/keywarden-mock.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "--host", "0.0.0.0", "--port", "0", "--admin", "--quiet"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const seen = new Promise<void>((resolve) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("listening on") && output.includes("WARNING")) resolve();
      };
      child.stdout.on("data", read);
      child.stderr.on("data", read);
    });
    try {
      await seen;
    } finally {
      child.kill("SIGTERM");
    }
    expect(output).toContain(
      "!!! WARNING: /__mock/* controls are served on a non-loopback address (0.0.0.0)",
    );
  }, 20_000);
});

describe("AppRole secret IDs", () => {
  it("log in with any of a role's secret IDs and no other (compared in constant time)", async () => {
    const role = hostile.mock.vault!.state.addRole({
      name: "ci",
      secretIds: ["first-secret", "second-secret"],
    });
    const login = (secretId: string) =>
      hostile.fast(
        {
          method: "POST",
          path: "/v1/auth/approle/login",
          body: JSON.stringify({ role_id: role.roleId, secret_id: secretId }),
        },
        false,
      );
    expect((await login("second-secret")).status).toBe(200);
    expect((await login("first-secret")).status).toBe(200);
    const refused = await login("second-secreT");
    expect([refused.status, JSON.parse(refused.body).errors]).toEqual([400, ["invalid role or secret ID"]]);
  });
});
