import { describe, expect, it } from "vitest";
import { ConnectionError, createKeywardenClient, RateLimitError, ServerError } from "../../src/index.js";
import { failure, fakeFetch, instantRetry, json, KEY } from "./fake-fetch.js";

const baseUrl = "http://kw.test";

describe("retries", () => {
  it("retries an idempotent read on 503 with exponential backoff, then succeeds", async () => {
    const server = fakeFetch((_s, i) => (i < 2 ? failure(503) : json(KEY)));
    const { retry, delays } = instantRetry(3);
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry, auth: { token: "t" } });
    await expect(kw.apiKeys.get(3)).resolves.toMatchObject({ id: 3 });
    expect(server.seen).toHaveLength(3);
    // full jitter with random() = 0.5: half of 500, then half of 1000
    expect(delays).toEqual([250, 500]);
  });

  it("re-sends the same body on every attempt of a PUT", async () => {
    const server = fakeFetch((_s, i) => (i === 0 ? failure(502) : json(KEY)));
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry: instantRetry().retry });
    await kw.apiKeys.update(3, { name: "ci", allowedIp: ["10.0.0.0/8"] });
    expect(server.seen.map((s) => s.method)).toEqual(["PUT", "PUT"]);
    expect(server.seen[1]?.body).toBe(server.seen[0]?.body);
    expect(JSON.parse(server.seen[1]?.body ?? "")).toEqual({
      name: "ci",
      allowedIp: ["10.0.0.0/8"],
      expiresAt: null,
    });
  });

  it("never retries create or generate, which are not idempotent", async () => {
    const server = fakeFetch(() => failure(503));
    const { retry, delays } = instantRetry();
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry });
    await expect(kw.apiKeys.create({ name: "ci" })).rejects.toBeInstanceOf(ServerError);
    await expect(kw.apiKeys.generate(3)).rejects.toBeInstanceOf(ServerError);
    expect(server.seen).toHaveLength(2);
    expect(delays).toEqual([]);
  });

  it("retries a search (a read sent as POST)", async () => {
    const server = fakeFetch((_s, i) => (i === 0 ? failure(504) : json([{ a: 1 }])));
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry: instantRetry().retry });
    const page = await kw.search({ indexPattern: "alert-*" });
    expect(page.items).toEqual([{ a: 1 }]);
    expect(server.seen).toHaveLength(2);
  });

  it("waits what Retry-After asks on a 429, and throws RateLimitError when retries run out", async () => {
    const server = fakeFetch(() => failure(429, "slow down", { "retry-after": "2" }));
    const { retry, delays } = instantRetry(2);
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry });
    const error = await kw.apiKeys.get(3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
    expect(delays).toEqual([2000, 2000]);
    expect(server.seen).toHaveLength(3);
  });

  it("does not retry a 500 or a 4xx", async () => {
    const server = fakeFetch(() => failure(500, "boom"));
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry: instantRetry().retry });
    await expect(kw.apiKeys.get(3)).rejects.toBeInstanceOf(ServerError);
    expect(server.seen).toHaveLength(1);
  });

  it("retries connection failures of reads and reports a ConnectionError when they persist", async () => {
    const server = fakeFetch(() => new TypeError("fetch failed"));
    const { retry, delays } = instantRetry(2);
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry });
    const error = await kw.apiKeys.list.page().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toContain("fetch failed");
    expect(delays).toHaveLength(2);
  });

  it("turns retrying off with retry: false", async () => {
    const server = fakeFetch(() => failure(503));
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry: false });
    await expect(kw.apiKeys.get(3)).rejects.toBeInstanceOf(ServerError);
    expect(server.seen).toHaveLength(1);
  });
});
