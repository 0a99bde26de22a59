import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyServiceMock } from "../../src/key-service-mock.js";
import {
  type RequestLogEntry,
  type RunningMockServer,
  startMockServer,
} from "../../src/server/node-adapter.js";

describe("node adapter over a real socket", () => {
  let server: RunningMockServer;
  const log: RequestLogEntry[] = [];
  beforeAll(async () => {
    server = await startMockServer({
      port: 0,
      bodyLimitBytes: 1024,
      onRequestLog: (entry) => log.push(entry),
      handlers: [
        http.post("*/echo", async ({ request }) =>
          HttpResponse.json({ body: await request.text(), type: request.headers.get("content-type") }),
        ),
        http.get("*/text", () => HttpResponse.text("plain", { headers: { "x-custom": "1" } })),
        http.get("*/network-error", () => HttpResponse.error()),
        http.get("*/throws", () => {
          throw new Error("boom");
        }),
      ],
    });
  });
  afterAll(() => server.close());

  it("serves handler responses with their status, headers and body", async () => {
    const response = await fetch(`${server.url}/text`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-custom")).toBe("1");
    expect(await response.text()).toBe("plain");
  });

  it("passes the request body and headers to the handler", async () => {
    const response = await fetch(`${server.url}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(await response.json()).toEqual({ body: '{"a":1}', type: "application/json" });
  });

  it("answers an unknown route with a 404 that names the route", async () => {
    const response = await fetch(`${server.url}/nowhere?x=1`, { method: "DELETE" });
    expect(response.status).toBe(404);
    expect((await response.json()).message).toBe("No mock route for DELETE /nowhere");
  });

  it("refuses a body above the limit with 413", async () => {
    const response = await fetch(`${server.url}/echo`, { method: "POST", body: "x".repeat(5000) });
    expect(response.status).toBe(413);
  });

  it("turns HttpResponse.error() into a dropped connection", async () => {
    await expect(fetch(`${server.url}/network-error`)).rejects.toThrow();
  });

  it("answers 500 when a handler throws, and keeps serving", async () => {
    expect((await fetch(`${server.url}/throws`)).status).toBe(500);
    expect((await fetch(`${server.url}/text`)).status).toBe(200);
  });

  it("logs one entry per request with access_token redacted", async () => {
    await fetch(`${server.url}/text?access_token=SECRET123`);
    const entry = log.find((item) => item.path.startsWith("/text?"));
    expect(entry?.path).toBe("/text?access_token=[redacted]");
    expect(JSON.stringify(log)).not.toContain("SECRET123");
  });
});

describe("node adapter's own error bodies", () => {
  it("take their timestamp from the clock it is given (the CLI gives the mock's)", async () => {
    const frozen = Date.parse("2031-05-06T07:08:09.000Z");
    const server = await startMockServer({ handlers: [], now: () => frozen });
    try {
      const response = await fetch(`${server.url}/nowhere`);
      expect(response.status).toBe(404);
      expect((await response.json()).timestamp).toBe("2031-05-06T07:08:09.000Z");
    } finally {
      await server.close();
    }
  });
});

describe("node adapter with a custom handler in front of the mock's", () => {
  it("still gives the mock the body an earlier handler read", async () => {
    const mock = createKeyServiceMock();
    // a logging handler that reads every body and lets the request through
    const reader = http.all("*", async ({ request }) => {
      if (request.body) await request.text();
      return undefined;
    });
    const server = await startMockServer({ handlers: [reader, ...mock.handlers] });
    try {
      const login = await fetch(`${server.url}/api/authenticate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "admin" }),
      });
      // the server read the body once, off the socket: the logger's read takes nothing from the mock
      expect(login.status).toBe(200);
      const removed = await fetch(`${server.url}/api/api-keys/1`, { method: "DELETE", body: "x" });
      expect(removed.status).toBe(401);
      // the Vault emulation too
      const write = await fetch(`${server.url}/v1/secret/data/app`, {
        method: "POST",
        headers: { "x-vault-token": "root", "content-type": "application/json" },
        body: JSON.stringify({ data: { a: "1" } }),
      });
      expect(write.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
