import { describe, expect, it } from "vitest";
import { createKeywardenClient, f, type KeywardenClient } from "../../src/index.js";
import { failure, fakeFetch, json, KEY, type Seen } from "./fake-fetch.js";

/** The fake server both clients talk to: one canned answer per route. */
function answer(seen: Seen): Response {
  if (seen.path.endsWith("/generate")) return new Response("s3cr3t-value", { status: 200 });
  if (seen.path === "/api/elasticsearch/search") {
    return json([{ id: "a", status: 2 }], 200, {
      "x-total-count": "30",
      link: '<http://kw.test/x?page=2>; rel="next"',
    });
  }
  if (seen.path === "/api/api-keys/404") return failure(404, "API key not found");
  if (seen.method === "DELETE") return new Response(null, { status: 204 });
  if (seen.path === "/api/api-keys" && seen.method === "GET") return json([KEY, { ...KEY, id: 4 }]);
  return json(KEY, seen.method === "POST" ? 201 : 200);
}

/** Every kind of call the resources make, with what each returned (or threw). */
async function exercise(kw: KeywardenClient) {
  const settle = (promise: Promise<unknown>) =>
    promise.then(
      (value) => ({ value }),
      (error: Error) => ({ error: `${error.name}: ${error.message}` }),
    );
  return [
    await settle(kw.apiKeys.get(3)),
    await settle(kw.apiKeys.get(404)),
    await settle(kw.apiKeys.list.page({ page: 1, size: 2, sort: ["name,asc", "id,desc"], status: "ACTIVE" })),
    await settle(kw.apiKeys.create({ name: "billing", allowedIp: ["10.0.0.0/8"] })),
    await settle(kw.apiKeys.update(3, { name: "billing", description: "d" })),
    await settle(kw.apiKeys.generate(3)),
    await settle(kw.apiKeys.revoke(3)),
    await settle(kw.apiKeys.delete(3)),
    await settle(
      kw.search({
        indexPattern: "alert-*",
        sort: "@timestamp,desc",
        includeChildren: true,
        filters: [f.is("status", 2), f.between("@timestamp", "now-7d", "now")],
      }),
    ),
  ];
}

describe("resource calls without middleware (sent without building a Request)", () => {
  it("send the same requests and return the same results as through openapi-fetch", async () => {
    const direct = fakeFetch(answer);
    const viaOpenapiFetch = fakeFetch(answer);
    const options = { baseUrl: "http://kw.test/", auth: { apiKey: "k3y-k3y-k3y" }, userAgent: "ua/1" };
    const plain = createKeywardenClient({ ...options, fetch: direct.fetch });
    // A middleware that changes nothing still sends every call through openapi-fetch's Request.
    const withMiddleware = createKeywardenClient({
      ...options,
      fetch: viaOpenapiFetch.fetch,
      middleware: [{ onRequest: () => undefined }],
    });
    const results = await exercise(plain);
    expect(results).toEqual(await exercise(withMiddleware));
    expect(direct.seen).toEqual(viaOpenapiFetch.seen);
    expect(direct.seen.map((s) => `${s.method} ${s.path}${s.search}`)).toContain(
      "GET /api/api-keys?page=1&size=2&sort=name%2Casc&sort=id%2Cdesc&status=ACTIVE",
    );
    expect(results[1]).toEqual({
      error: "NotFoundError: GET /api/api-keys/404 failed with 404: API key not found",
    });
  });

  it("go through middleware registered later with kw.raw.use", async () => {
    const server = fakeFetch(() => json(KEY));
    const kw = createKeywardenClient({ baseUrl: "http://kw.test", fetch: server.fetch });
    await kw.apiKeys.get(3);
    kw.raw.use({
      onRequest: ({ request }) => {
        request.headers.set("x-trace-id", "abc");
        return request;
      },
    });
    await kw.apiKeys.get(3);
    expect(server.seen.map((s) => s.headers["x-trace-id"])).toEqual([undefined, "abc"]);
  });

  it("never show middleware the credentials, before or after the attempt", async () => {
    const server = fakeFetch(() => json(KEY));
    const seenByMiddleware: (string | null)[] = [];
    const kw = createKeywardenClient({
      baseUrl: "http://kw.test",
      fetch: server.fetch,
      auth: { apiKey: "k3y-k3y-k3y", header: "utm-api-key" },
      middleware: [
        {
          onRequest: ({ request }) => void seenByMiddleware.push(request.headers.get("utm-api-key")),
          onResponse: ({ request }) => void seenByMiddleware.push(request.headers.get("utm-api-key")),
        },
      ],
    });
    await kw.apiKeys.get(3);
    expect(server.seen.map((s) => s.headers["utm-api-key"])).toEqual(["k3y-k3y-k3y"]);
    expect(seenByMiddleware).toEqual([null, null]);
  });

  it("refuse a base URL with credentials when the client is created, before anything is sent", () => {
    const server = fakeFetch(() => json(KEY));
    expect(() =>
      createKeywardenClient({ baseUrl: "http://user:pass@kw.test", fetch: server.fetch, retry: false }),
    ).toThrow(/must not carry a user or password/);
    expect(server.seen).toEqual([]);
  });
});
