import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exportedNames, readmeApiNames } from "./support/package-api.js";

const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("the public API", () => {
  it("is exactly what the README's API section lists", () => {
    const exported = exportedNames(entry);
    const listed = readmeApiNames(readme);
    expect(exported.filter((name) => !listed.includes(name)), "exported but not in README's API").toEqual([]);
    expect(listed.filter((name) => !exported.includes(name)), "in README's API but not exported").toEqual([]);
  });
});
