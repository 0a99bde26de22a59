import { describe, expect, it } from "vitest";
import { createKeywardenClient, UnexpectedResponseError } from "../../src/index.js";
import { fakeFetch, json, KEY } from "./fake-fetch.js";

const baseUrl = "http://kw.test";

describe("reading responses", () => {
  it("keeps fields it does not know and fills what a server leaves out", async () => {
    const server = fakeFetch(() =>
      json({ id: "7", name: "ci", createdAt: "2026-01-01T00:00:00Z", tenant: "acme", scopes: ["read"] }),
    );
    const key = await createKeywardenClient({ baseUrl, fetch: server.fetch }).apiKeys.get(7);
    expect(key).toEqual({
      id: 7,
      name: "ci",
      createdAt: "2026-01-01T00:00:00Z",
      allowedIp: [],
      expiresAt: null,
      generatedAt: null,
      tenant: "acme",
      scopes: ["read"],
    });
  });

  it("refuses a key without the fields code relies on, saying which", async () => {
    const server = fakeFetch(() => json({ name: "ci" }));
    const error = await createKeywardenClient({ baseUrl, fetch: server.fetch })
      .apiKeys.get(7)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/GET \/api\/api-keys\/7 returned an unexpected body \(id: /);
  });

  it("reads the generated secret as text, also when a gateway JSON-quoted it", async () => {
    const secret = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx";
    const plain = fakeFetch(() => new Response(secret, { headers: { "content-type": "application/json" } }));
    expect(await createKeywardenClient({ baseUrl, fetch: plain.fetch }).apiKeys.generate(3)).toBe(secret);
    const quoted = fakeFetch(() => json(secret));
    expect(await createKeywardenClient({ baseUrl, fetch: quoted.fetch }).apiKeys.generate(3)).toBe(secret);
  });

  it("treats an empty generate answer as unexpected rather than an empty secret", async () => {
    const server = fakeFetch(() => new Response("", { status: 200 }));
    await expect(
      createKeywardenClient({ baseUrl, fetch: server.fetch }).apiKeys.generate(3),
    ).rejects.toBeInstanceOf(UnexpectedResponseError);
  });

  it("sends the spec's query for a list: 0-based page, size, repeated sort, filters", async () => {
    const server = fakeFetch(() => json([KEY], 200, { "x-total-count": "1" }));
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch });
    await kw.apiKeys.list.page({ page: 2, size: 5, sort: ["expiresAt,asc", "name"], status: "ACTIVE" });
    expect(server.seen[0]?.search).toBe("?page=2&size=5&sort=expiresAt%2Casc&sort=name&status=ACTIVE");
  });

  it("sends a search's filters as the JSON body and its paging as query", async () => {
    const server = fakeFetch(() => json([]));
    const kw = createKeywardenClient({ baseUrl, fetch: server.fetch });
    await kw.search({
      indexPattern: "alert-*",
      top: 50,
      page: 0,
      sort: "@timestamp,desc",
      filters: [{ field: "a", operator: "EXIST" }],
    });
    const seen = server.seen[0];
    expect(seen?.method).toBe("POST");
    expect(new URLSearchParams(seen?.search).get("page")).toBe("1");
    expect(new URLSearchParams(seen?.search).get("top")).toBe("50");
    expect(JSON.parse(seen?.body ?? "")).toEqual([{ field: "a", operator: "EXIST" }]);
  });
});
