import { createKeyServiceMock, type RunningMockServer, startMockServer } from "@keywarden/mock-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectionError, createKeywardenClient, f, NotFoundError, TimeoutError } from "../../src/index.js";
import { instantRetry, KEY_HEADER, PROFILES } from "./harness.js";

describe.each(PROFILES)("over a real socket against the standalone %s mock", (profile) => {
  const mock = createKeyServiceMock({ profile });
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ handlers: mock.handlers, port: 0 });
  });
  afterEach(() => mock.reset());
  afterAll(() => server.close());

  const client = (overrides = {}) =>
    createKeywardenClient({
      baseUrl: server.url,
      auth: { username: "admin", password: "admin", bypassTfa: true },
      retry: instantRetry().retry,
      now: () => new Date(mock.clock.now()),
      ...overrides,
    });

  it("logs in, creates, generates, verifies, pages and searches", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({
      name: "socket",
      allowedIp: ["127.0.0.1"],
      expiresAt: new Date(mock.clock.now() + 9 * 86_400_000),
    });
    const secret = await kw.apiKeys.generate(key.id);
    expect(await kw.apiKeys.verify(secret, { header: KEY_HEADER[profile] })).toBe(true);
    expect(await kw.apiKeys.list({ size: 1 }).toArray()).toHaveLength(1);
    const alerts = await kw.search({ indexPattern: "alert-*", size: 5, filters: [f.exists("severity")] });
    expect(alerts.items).toHaveLength(5);
    await kw.apiKeys.delete(key.id);
    await expect(kw.apiKeys.get(key.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("times out a slow answer", async () => {
    mock.faults.add({ path: "/api/api-keys", method: "GET", latencyMs: 1_000 });
    const kw = client({ retry: false });
    await expect(kw.apiKeys.list.page({}, { timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("no server listening", () => {
  it("fails with ConnectionError after retrying", async () => {
    const mock = createKeyServiceMock();
    const server = await startMockServer({ handlers: mock.handlers, port: 0 });
    const url = server.url;
    await server.close();
    const { retry, delays } = instantRetry(1);
    const kw = createKeywardenClient({ baseUrl: url, auth: { token: "t" }, retry });
    await expect(kw.apiKeys.list.page()).rejects.toBeInstanceOf(ConnectionError);
    expect(delays).toHaveLength(1);
  });
});
