import { describe, expect, it } from "vitest";
import { createKeywardenClient, type RequestEvent, type ResponseEvent } from "../../src/index.js";
import { failure, fakeFetch, instantRetry, json, KEY } from "./fake-fetch.js";

const SECRET = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx";

describe("hooks", () => {
  it("reports each attempt with method, path, status, duration and attempt number, and no secret", async () => {
    const server = fakeFetch((_s, i) => (i === 0 ? failure(503) : json(KEY)));
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    const kw = createKeywardenClient({
      baseUrl: "http://kw.test",
      fetch: server.fetch,
      auth: { apiKey: SECRET },
      retry: instantRetry().retry,
      onRequest: (e) => requests.push(e),
      onResponse: (e) => responses.push(e),
    });
    await kw.apiKeys.get(3);
    expect(requests).toEqual([
      { method: "GET", path: "/api/api-keys/3", attempt: 1 },
      { method: "GET", path: "/api/api-keys/3", attempt: 2 },
    ]);
    expect(responses.map(({ durationMs: _d, ...rest }) => rest)).toEqual([
      { method: "GET", path: "/api/api-keys/3", attempt: 1, status: 503, error: undefined, willRetry: true },
      { method: "GET", path: "/api/api-keys/3", attempt: 2, status: 200, error: undefined, willRetry: false },
    ]);
    expect(responses.every((e) => e.durationMs >= 0)).toBe(true);
    expect(JSON.stringify([requests, responses])).not.toContain(SECRET);
  });

  it("keeps a call working when a hook throws", async () => {
    const server = fakeFetch(() => json(KEY));
    const kw = createKeywardenClient({
      baseUrl: "http://kw.test",
      fetch: server.fetch,
      onRequest: () => {
        throw new Error("broken logger");
      },
    });
    await expect(kw.apiKeys.get(3)).resolves.toMatchObject({ id: 3 });
  });

  it("sends a User-Agent and the caller's extra headers, and runs openapi-fetch middleware", async () => {
    const server = fakeFetch(() => json(KEY));
    const kw = createKeywardenClient({
      baseUrl: "http://kw.test/",
      fetch: server.fetch,
      userAgent: "rotator/1.0",
      headers: { "x-request-source": "test" },
      middleware: [
        {
          onRequest: ({ request }) => {
            request.headers.set("x-trace-id", "abc");
            return request;
          },
        },
      ],
    });
    await kw.apiKeys.get(3);
    expect(server.seen[0]?.headers).toMatchObject({
      "user-agent": "rotator/1.0",
      "x-request-source": "test",
      "x-trace-id": "abc",
    });
  });
});
