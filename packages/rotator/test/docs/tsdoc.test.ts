import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Declarations (not re-exports) exported without a TSDoc comment right above them. */
function undocumentedExports(path: string): string[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const missing: string[] = [];
  lines.forEach((line, index) => {
    const match =
      /^export (?:declare )?(?:abstract )?(?:async )?(?:const|let|function|interface|type|class|enum) (\w+)/.exec(
        line,
      );
    if (!match) return;
    let above = index - 1;
    while (above >= 0 && (lines[above] as string).trim() === "") above--;
    if (!(lines[above] ?? "").trimEnd().endsWith("*/")) missing.push(`${relative(SRC, path)}: ${match[1]}`);
  });
  return missing;
}

describe("TSDoc", () => {
  it("every declaration the rotator exports has a TSDoc comment", () => {
    expect(sourceFiles(SRC).flatMap(undocumentedExports)).toEqual([]);
  });
});
