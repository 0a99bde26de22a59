import { describe, expect, it } from "vitest";
import { matchPath } from "../tools/path-matcher.js";

const templates = [
  "/api/api-keys",
  "/api/api-keys/{id}",
  "/api/api-keys/usage",
  "/api/api-keys/{id}/generate",
];

describe("matchPath", () => {
  it("fills a template's parameters", () => {
    expect(matchPath(templates, "/api/api-keys/42")).toEqual({
      template: "/api/api-keys/{id}",
      params: { id: "42" },
    });
    expect(matchPath(templates, "/api/api-keys/7/generate")).toEqual({
      template: "/api/api-keys/{id}/generate",
      params: { id: "7" },
    });
  });

  it("prefers a literal segment to a parameter, whatever the order of the templates", () => {
    expect(matchPath(templates, "/api/api-keys/usage")?.template).toBe("/api/api-keys/usage");
    expect(matchPath([...templates].reverse(), "/api/api-keys/usage")?.template).toBe("/api/api-keys/usage");
  });

  it("ignores one trailing slash and decodes parameters", () => {
    expect(matchPath(templates, "/api/api-keys/")?.template).toBe("/api/api-keys");
    expect(matchPath(templates, "/api/api-keys/a%20b")?.params).toEqual({ id: "a b" });
  });

  it("finds nothing for unknown paths, extra segments or an empty parameter", () => {
    expect(matchPath(templates, "/api/keys")).toBeUndefined();
    expect(matchPath(templates, "/api/api-keys/1/generate/now")).toBeUndefined();
    expect(matchPath(templates, "/api/api-keys//generate")).toBeUndefined();
  });
});
