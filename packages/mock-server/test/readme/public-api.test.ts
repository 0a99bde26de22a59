import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// The same check as @keywarden/vault's and the rotator's, by path: a test helper, not part of any API.
import { apiDrift } from "../../../vault/test/support/package-api.js";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("the public API", () => {
  it("is exactly what the README's API section lists (unlisted: exported only; missing: listed only)", () => {
    expect(apiDrift(entry, readme)).toEqual({ unlisted: [], missing: [] });
  });
});
