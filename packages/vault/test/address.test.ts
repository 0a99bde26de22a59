import { describe, expect, it } from "vitest";
import { hasUrlCredentials } from "../src/address.js";

describe("hasUrlCredentials", () => {
  it("tells Vault addresses with a user name or password from those without", () => {
    expect(hasUrlCredentials("http://user:pw@host")).toBe(true);
    expect(hasUrlCredentials("http://user@host")).toBe(true);
    expect(hasUrlCredentials("https://host:8200")).toBe(false);
    expect(hasUrlCredentials("not a url")).toBe(false);
  });
});
