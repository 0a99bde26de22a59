import { describe, expect, it } from "vitest";
import { createRouter } from "../../src/http/router.js";

const match = createRouter([
  { method: "GET", path: "/api/api-keys", handler: "list" },
  { method: "GET", path: "/api/api-keys/usage", handler: "usage" },
  { method: "GET", path: "/api/api-keys/:id", handler: "get" },
  { method: "POST", path: "/api/api-keys/:id/generate", handler: "generate" },
  { method: "GET", path: "/", handler: "root" },
]);

describe("createRouter", () => {
  it("takes the first route that matches, literals before a parameter listed after them", () => {
    expect(match("GET", "/api/api-keys/usage")).toEqual({ handler: "usage", params: {} });
    expect(match("GET", "/api/api-keys/7")).toEqual({ handler: "get", params: { id: "7" } });
    expect(match("POST", "/api/api-keys/7/generate")).toEqual({ handler: "generate", params: { id: "7" } });
  });

  it("compares literals case-insensitively, takes an optional trailing slash, keeps parameters as sent", () => {
    expect(match("GET", "/API/Api-Keys/")?.handler).toBe("list");
    expect(match("GET", "/api/api-keys/AbC")?.params).toEqual({ id: "AbC" });
    expect(match("GET", "/")?.handler).toBe("root");
  });

  it("decodes parameters, and keeps a malformed escape as sent", () => {
    expect(match("GET", "/api/api-keys/a%20b")?.params).toEqual({ id: "a b" });
    expect(match("GET", "/api/api-keys/%ZZ")?.params).toEqual({ id: "%ZZ" });
  });

  it("matches nothing for another method, another segment count or an empty parameter", () => {
    expect(match("DELETE", "/api/api-keys/7")).toBeUndefined();
    expect(match("GET", "/api/api-keys/7/generate")).toBeUndefined();
    expect(match("GET", "/api")).toBeUndefined();
    expect(match("POST", "/api/api-keys//generate")).toBeUndefined();
    expect(match("GET", "api/api-keys")).toBeUndefined();
  });
});
