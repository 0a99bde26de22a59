import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = fileURLToPath(new URL("../../src", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
const NODE_BUILTINS =
  /from\s+["'](node:[^"']+|fs|path|http|https|net|crypto|url|util|stream|buffer|os|child_process|events)["']/;
const NODE_GLOBALS = /\b(process\.|Buffer\.|require\(|__dirname|__filename)/;

describe("portability", () => {
  it("imports nothing Node-only in the SDK sources, so it runs in browsers, Deno and Bun", () => {
    const offenders = files(srcDir)
      .filter((file) => {
        const code = readFileSync(file, "utf8");
        return NODE_BUILTINS.test(code) || NODE_GLOBALS.test(code);
      })
      .map((file) => relative(srcDir, file));
    expect(offenders).toEqual([]);
  });

  it("depends only on openapi-fetch, valibot and the dependency-free @keywarden/rules at run time", () => {
    const dependencies = (url: string) =>
      Object.keys(
        (JSON.parse(readFileSync(new URL(url, import.meta.url), "utf8")) as { dependencies?: object })
          .dependencies ?? {},
      ).sort();
    expect(dependencies("../../package.json")).toEqual(["@keywarden/rules", "openapi-fetch", "valibot"]);
    expect(dependencies("../../../rules/package.json")).toEqual([]);
  });
});
