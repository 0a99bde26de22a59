import { HttpResponse, http, matchRequestUrl } from "msw";
import { describe, expect, it } from "vitest";
import { createFaults } from "../../src/faults.js";
import { createRouteFilter } from "../../src/server/route-filter.js";

const paths = [
  "*/api/api-keys",
  "*/api/api-keys/:id",
  "*/api/api-keys/:id/generate",
  "*/v1/*",
  "http://utm.test/api/authenticate",
  "*/api/items/:id?",
  "/relative/path",
];
const handlers = paths.map((path) => http.get(path, () => HttpResponse.text("x")));
const urls = [
  "http://utm.test/api/api-keys",
  "http://utm.test/api/api-keys/",
  "http://utm.test/API/Api-Keys/7",
  "http://utm.test/api/api-keys/7/generate",
  "http://other.test:4010/api/api-keys/7/generate/",
  "http://vault.test/v1/secret/data/a/b",
  "http://utm.test/api/authenticate",
  "http://elsewhere.test/api/authenticate",
  "http://utm.test/api/items",
  "http://utm.test/relative/path",
  "http://utm.test/api/api-keys/%2e%2e",
];

describe("route filter", () => {
  it("never drops a handler that msw would match, and keeps their order", () => {
    const candidatesFor = createRouteFilter(handlers);
    for (const raw of urls) {
      const url = new URL(raw);
      const kept = candidatesFor("GET", url);
      const mswMatches = handlers.filter(
        (handler) => matchRequestUrl(url, handler.info.path as string).matches,
      );
      for (const handler of mswMatches) expect(kept, `${raw} ${handler.info.path}`).toContain(handler);
      expect(kept).toEqual(handlers.filter((handler) => kept.includes(handler)));
    }
  });

  it("drops handlers of other methods and other paths", () => {
    const candidatesFor = createRouteFilter([http.post("*/api/api-keys", () => undefined), ...handlers]);
    const kept = candidatesFor("GET", new URL("http://utm.test/api/api-keys/7"));
    expect(kept.map((handler) => (handler as (typeof handlers)[number]).info.path)).toEqual([
      "*/api/api-keys/:id",
      "*/api/items/:id?",
      "/relative/path",
    ]);
  });

  it("leaves out the fault handler while no fault is registered, and keeps it once one is", () => {
    const { faults, handler } = createFaults();
    const candidatesFor = createRouteFilter([handler, ...handlers]);
    const url = new URL("http://utm.test/api/api-keys/7");
    expect(candidatesFor("GET", url)).not.toContain(handler);
    faults.add({ path: "/api/other", status: 503 });
    expect(candidatesFor("GET", url)[0]).toBe(handler);
    faults.clear();
    expect(candidatesFor("GET", url)).not.toContain(handler);
  });
});
