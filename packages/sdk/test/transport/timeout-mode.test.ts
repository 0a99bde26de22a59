import { describe, expect, it } from "vitest";
import { createKeywardenClient, TimeoutError } from "../../src/index.js";
import { json, KEY } from "./fake-fetch.js";

const baseUrl = "http://kw.test";

/**
 * A fetch that answers each call after `delays[i]` ms (or never), recording the signal it was given
 * and whether the body was cancelled; `openBodies` leaves bodies unfinished, so a cancel can be seen.
 */
function slowFetch(delays: Array<number | "never">, openBodies = false) {
  const calls: Array<{ signal: AbortSignal | undefined; cancelled: boolean }> = [];
  const fetch = (_url: string, init: RequestInit): Promise<Response> => {
    const call = { signal: init.signal ?? undefined, cancelled: false };
    calls.push(call);
    const delay = delays[calls.length - 1] ?? 0;
    return new Promise((resolve, reject) => {
      init.signal?.addEventListener("abort", () => reject(init.signal?.reason), { once: true });
      if (delay === "never") return;
      setTimeout(() => {
        const body = new ReadableStream({
          start: (controller) => {
            controller.enqueue(new TextEncoder().encode(JSON.stringify(KEY)));
            if (!openBodies) controller.close();
          },
          cancel: () => {
            call.cancelled = true;
          },
        });
        resolve(new Response(body, { headers: { "content-type": "application/json" } }));
      }, delay);
    });
  };
  return { fetch, calls };
}

describe("what a timeout does to the request", () => {
  it("sends no signal of its own while nothing has timed out (Node's fetch pays for each one)", async () => {
    const server = slowFetch([0, 0]);
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, timeoutMs: 1000 });
    await kw.apiKeys.get(3);
    await kw.apiKeys.get(3);
    expect(server.calls.map((call) => call.signal)).toEqual([undefined, undefined]);
  });

  it("abandons the first timed-out request and discards its late response", async () => {
    const server = slowFetch([60], true);
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, timeoutMs: 10, retry: false });
    await expect(kw.apiKeys.get(3)).rejects.toBeInstanceOf(TimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(server.calls[0]?.cancelled).toBe(true);
  });

  it("aborts every request after the client has seen a timeout", async () => {
    const server = slowFetch(["never", "never", 0]);
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, timeoutMs: 10, retry: false });
    await expect(kw.apiKeys.get(3)).rejects.toBeInstanceOf(TimeoutError);
    await expect(kw.apiKeys.get(3)).rejects.toBeInstanceOf(TimeoutError);
    expect(server.calls[1]?.signal?.aborted).toBe(true);
    expect((server.calls[1]?.signal?.reason as DOMException).name).toBe("TimeoutError");
    await expect(kw.apiKeys.get(3)).resolves.toMatchObject({ id: 3 });
    expect(server.calls[2]?.signal?.aborted).toBe(false);
  });

  it("hands the caller's signal to fetch as it is, so a caller's abort closes the request", async () => {
    const server = slowFetch(["never"]);
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch, timeoutMs: 1000 });
    const controller = new AbortController();
    const call = kw.apiKeys.get(3, { signal: controller.signal });
    controller.abort(new Error("user cancelled"));
    await expect(call).rejects.toThrow("user cancelled");
    expect(server.calls[0]?.signal).toBe(controller.signal);
  });

  it("keeps each client's mode to itself", async () => {
    const slow = slowFetch(["never"]);
    const first = createKeywardenClient({ baseUrl, fetch: slow.fetch, timeoutMs: 10, retry: false });
    await expect(first.apiKeys.get(3)).rejects.toBeInstanceOf(TimeoutError);
    const calls: Array<AbortSignal | undefined> = [];
    const second = createKeywardenClient({
      baseUrl,
      timeoutMs: 1000,
      fetch: async (_url, init) => {
        calls.push(init.signal ?? undefined);
        return json(KEY);
      },
    });
    await second.apiKeys.get(3);
    expect(calls).toEqual([undefined]);
  });
});
