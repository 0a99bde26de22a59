import { describe, expect, it } from "vitest";
import type { RequestEvent } from "../../src/index.js";
import { PROFILES, useKeyServiceMock } from "./harness.js";

const KEY_COUNT = 45;

describe.each(PROFILES)("listing keys page by page against the %s mock", (profile) => {
  const { mock, client } = useKeyServiceMock(profile, {
    seed: {
      users: [{ login: "admin", password: "admin" }],
      keys: Array.from({ length: KEY_COUNT }, (_, i) => ({
        owner: "admin",
        name: `key-${String(i).padStart(2, "0")}`,
      })),
    },
  });
  void mock;

  it("iterates every key across many pages, following Link, in the requested order", async () => {
    const requests: RequestEvent[] = [];
    const kw = client({ onRequest: (e) => requests.push(e) });
    const names: string[] = [];
    for await (const key of kw.apiKeys.list({ size: 10, sort: "name,desc" })) names.push(key.name);
    expect(names).toHaveLength(KEY_COUNT);
    expect(names[0]).toBe("key-44");
    expect(names.at(-1)).toBe("key-00");
    expect(requests.filter((r) => r.path === "/api/api-keys")).toHaveLength(5);
  });

  it("returns one page with its total, links and next page number", async () => {
    const page = await client().apiKeys.list.page({ page: 1, size: 20, sort: ["name,asc"] });
    expect(page.items.map((k) => k.name)).toEqual(Array.from({ length: 20 }, (_, i) => `key-${20 + i}`));
    expect(page.total).toBe(KEY_COUNT);
    expect(page.nextPage).toBe(2);
    expect(Object.keys(page.links).sort()).toEqual(["first", "last", "next", "prev"]);
    const last = await client().apiKeys.list.page({ page: 2, size: 20 });
    expect(last.items).toHaveLength(5);
    expect(last.nextPage).toBeUndefined();
  });

  it("stops at the limit and fetches no page after an early break", async () => {
    const requests: RequestEvent[] = [];
    const kw = client({ onRequest: (e) => requests.push(e) });
    expect(await kw.apiKeys.list({ size: 10, limit: 15 }).toArray()).toHaveLength(15);
    expect(requests.filter((r) => r.path === "/api/api-keys")).toHaveLength(2);
    requests.length = 0;
    for await (const key of kw.apiKeys.list({ size: 10 })) {
      if (key.name === "key-03") break;
    }
    expect(requests.filter((r) => r.path === "/api/api-keys")).toHaveLength(1);
  });
});

describe("an empty key list", () => {
  const { client } = useKeyServiceMock("documented");

  it("yields nothing and stops after one request", async () => {
    const requests: RequestEvent[] = [];
    const kw = client({ onRequest: (e) => requests.push(e) });
    expect(await kw.apiKeys.list().toArray()).toEqual([]);
    expect(requests.filter((r) => r.path === "/api/api-keys")).toHaveLength(1);
  });
});
