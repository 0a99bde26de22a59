import { describe, expect, it } from "vitest";
import { useKeyServiceMock } from "../../src/vitest.js";

useKeyServiceMock({ baseUrl: "http://only.test/", vault: false }, { onUnhandledRequest: "bypass" });
const login = (origin: string) =>
  fetch(`${origin}/api/authenticate`, {
    method: "POST",
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });

describe("baseUrl", () => {
  it("serves only the given origin; other origins are not intercepted", async () => {
    expect((await login("http://only.test")).status).toBe(200);
    // nothing listens on this port: a request the mock does not take fails at the network
    await expect(login("http://127.0.0.1:9")).rejects.toThrow();
  });
});
