import { describe, expect, it } from "vitest";
import { useHostileServer } from "./hostile-server.js";

const hostile = useHostileServer();
const search = (query: string, filters: unknown) =>
  hostile.fast({ method: "POST", path: `/api/elasticsearch/search?${query}`, body: JSON.stringify(filters) });

describe("hostile searches answer at once and leave the mock serving", () => {
  it("a filter field with 24 dots is a 400 naming the limit (field paths no longer double per dot)", async () => {
    const deep = Array.from({ length: 25 }, () => "a").join(".");
    expect(deep).toHaveLength(49);
    const answer = await search("top=10&indexPattern=alert-*", [{ field: deep, operator: "EXIST" }]);
    expect(answer.status).toBe(400);
    expect(answer.headers["x-utmstack-error"]).toBe("Filter 0 (EXIST): field path has 24 levels; at most 20");
    const atLimit = Array.from({ length: 21 }, () => "a").join(".");
    expect(
      (await search("top=10&indexPattern=alert-*", [{ field: atLimit, operator: "EXIST" }])).status,
    ).toBe(200);
    await hostile.stillServes();
  });

  it("a sort field with 24 dots is a 400 too", async () => {
    const deep = Array.from({ length: 25 }, () => "a").join(".");
    const answer = await search(`top=10&indexPattern=alert-*&sort=${deep},desc`, []);
    expect(answer.status).toBe(400);
    expect(answer.headers["x-utmstack-error"]).toContain("field path has 24 levels; at most 20");
    await hostile.stillServes();
  });

  it.each(["/api/elasticsearch/search", "/api/api-keys/usage"])(
    "indexPattern=**********Z on %s is matched linearly",
    async (route) => {
      for (const pattern of ["**********Z", `${"*".repeat(20)}Z`, `${"*a".repeat(200)}Z`]) {
        const answer = await hostile.fast({
          method: "POST",
          path: `${route}?top=10&indexPattern=${encodeURIComponent(pattern)}`,
          body: "[]",
        });
        expect([answer.status, answer.body]).toEqual([200, "[]"]);
      }
      await hostile.stillServes();
    },
  );

  it.each([
    [
      ["now-7x", "garbage"],
      'Filter 0 (IS_BETWEEN): field "@timestamp": "now-7x" is not a date or date-math expression',
    ],
    [["now-7d", "garbage"], 'field "@timestamp": "garbage" is not a date or date-math expression'],
    [["2026-02-30", "now"], '"2026-02-30" is not a date'],
  ])("date bounds %j are a 400 naming the field", async (value, message) => {
    const answer = await search("top=10&indexPattern=alert-*", [
      { field: "@timestamp", operator: "IS_BETWEEN", value },
    ]);
    expect(answer.status).toBe(400);
    expect(answer.headers["x-utmstack-error"]).toContain(message);
  });

  it("a filter value nested 200000 deep is a 400 (it overflowed the stack: a 500)", async () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const answer = await hostile.fast({
      method: "POST",
      path: "/api/elasticsearch/search?top=10&indexPattern=alert-*",
      body: `[{"field":"name","operator":"IS","value":${deep}}]`,
    });
    expect(answer.status).toBe(400);
    expect(answer.headers["x-utmstack-error"]).toBe(
      "Malformed JSON body: Document nesting depth exceeds the maximum allowed (1000)",
    );
    const nested = await search("top=10&indexPattern=alert-*", [
      { field: "name", operator: "IS", value: [[1]] },
    ]);
    expect(nested.status).toBe(400);
    await hostile.stillServes();
  });

  it("a text bound on a text field is still compared as text", async () => {
    const answer = await search("top=10&indexPattern=alert-*", [
      { field: "name", operator: "IS_BETWEEN", value: ["A", "N"] },
    ]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).length).toBeGreaterThan(0);
  });

  it.each(["constructor.name", "toString", "__proto__", "constructor", "hasOwnProperty"])(
    "the field %s reads own properties only, so it matches no alert",
    async (field) => {
      for (const filters of [
        [{ field, operator: "EXIST" }],
        [{ field, operator: "IS", value: "Object" }],
        [{ field, operator: "CONTAIN", value: "function" }],
      ]) {
        const answer = await search("top=10&indexPattern=alert-*", filters);
        expect([answer.status, answer.body]).toEqual([200, "[]"]);
      }
    },
  );

  it("usage with indexPattern=alert-* returns usage documents only", async () => {
    const answer = await hostile.fast({
      method: "POST",
      path: "/api/api-keys/usage?top=50&indexPattern=alert-*",
      body: "[]",
    });
    expect([answer.status, answer.body]).toEqual([200, "[]"]);
    await hostile.send({ path: "/api/api-keys", headers: { "utm-api-key": "not-a-key" } });
    const both = await hostile.fast({
      method: "POST",
      path: "/api/api-keys/usage?top=50&indexPattern=alert-*,v11-api-access-logs-*",
      body: "[]",
    });
    const documents = JSON.parse(both.body) as Record<string, unknown>[];
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) expect(Object.keys(document)).toContain("httpMethod");
  });
});
