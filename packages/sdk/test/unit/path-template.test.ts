import fc from "fast-check";
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { fillPath } from "../../src/resources/path-template.js";

const BASE = "http://kw.test:8080/prefix";
const PATHS = [
  "/api/api-keys",
  "/api/api-keys/{id}",
  "/api/api-keys/{id}/generate",
  "/a/{x}/b/{y}",
  "/same/{id}/again/{id}",
  "/label/{.x}",
  "/matrix/{;x}",
  "/explode/{x*}",
];

/** What openapi-fetch makes of the same path and values. */
function openapiFetchUrl(path: string, values: Record<string, unknown>) {
  return createFinalURL(path, {
    baseUrl: BASE,
    params: { path: values },
    querySerializer: createQuerySerializer(),
    pathSerializer: defaultPathSerializer,
  });
}

const value = fc.oneof(
  fc.string(),
  fc.constantFrom("a b", "ü/€", "{id}", "$&$1", "..", "%zz"),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 2 }), fc.string({ maxLength: 2 }), { maxKeys: 1 }),
);

describe("fillPath fills a path exactly as openapi-fetch does", () => {
  it("or declines, for every path shape and value", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), value, value, (path, x, y) => {
        const values = { id: x, x, y };
        const filled = fillPath(BASE, path, values);
        if (filled !== undefined) expect(filled).toBe(openapiFetchUrl(path, values));
      }),
      { numRuns: 5000 },
    );
  });

  it("fills the SDK's own paths itself for numbers and texts", () => {
    expect(fillPath(BASE, "/api/api-keys/{id}", { id: 7 })).toBe(`${BASE}/api/api-keys/7`);
    expect(fillPath(BASE, "/api/api-keys/{id}/generate", { id: "a b" })).toBe(
      `${BASE}/api/api-keys/a%20b/generate`,
    );
    expect(fillPath(BASE, "/api/api-keys", undefined)).toBe(`${BASE}/api/api-keys`);
  });

  it("leaves other styles, object values and braces in the base URL to openapi-fetch", () => {
    expect(fillPath(BASE, "/label/{.x}", { x: 1 })).toBeUndefined();
    expect(fillPath(BASE, "/a/{x}/b/{y}", { x: [1, 2], y: 1 })).toBeUndefined();
    expect(fillPath("http://kw.test/{tenant}", "/api/api-keys/{id}", { id: 1 })).toBeUndefined();
  });
});
