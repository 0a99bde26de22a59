import { describe, expect, it } from "vitest";
import { createKeywardenClient, TimeoutError } from "../../src/index.js";
import { failure, fakeFetch, instantRetry } from "./fake-fetch.js";

const baseUrl = "http://kw.test";

describe("abort and timeout", () => {
  it("turns a per-call timeout into TimeoutError", async () => {
    const server = fakeFetch(() => "hang");
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry: false });
    const error = await kw.apiKeys.get(3, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe("GET /api/api-keys/3 timed out after 20 ms");
  });

  it("applies the client's timeout to every attempt and retries a timed-out read", async () => {
    const server = fakeFetch(() => "hang");
    const { retry, delays } = instantRetry(1);
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry, timeoutMs: 10 });
    await expect(kw.apiKeys.get(3)).rejects.toBeInstanceOf(TimeoutError);
    expect(server.seen).toHaveLength(2);
    expect(delays).toHaveLength(1);
  });

  it("times out a call that also carries the caller's signal, leaving that signal alone", async () => {
    const server = fakeFetch(() => "hang");
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, retry: false });
    const controller = new AbortController();
    const error = await kw.apiKeys
      .get(3, { timeoutMs: 20, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(controller.signal.aborted).toBe(false);
  });

  it("rejects with the caller's reason when the caller aborts mid-request", async () => {
    const server = fakeFetch(() => "hang");
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch });
    const controller = new AbortController();
    const call = kw.apiKeys.get(3, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error("user cancelled"));
    await expect(call).rejects.toThrow("user cancelled");
  });

  it("aborts at once during a retry wait, without another attempt", async () => {
    const server = fakeFetch(() => failure(503));
    const controller = new AbortController();
    const kw = createKeywardenClient({
      baseUrl,
      fetch: server.fetch,
      // a wait of a minute that only the abort can end
      retry: { retries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.99 },
      onResponse: (e) => {
        if (e.willRetry) setTimeout(() => controller.abort(new Error("stop waiting")), 1);
      },
    });
    await expect(kw.apiKeys.get(3, { signal: controller.signal })).rejects.toThrow("stop waiting");
    expect(server.seen).toHaveLength(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const server = fakeFetch(() => failure(200));
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch });
    await expect(kw.apiKeys.get(3, { signal: AbortSignal.abort(new Error("too late")) })).rejects.toThrow(
      "too late",
    );
    expect(server.seen).toHaveLength(0);
  });
});
