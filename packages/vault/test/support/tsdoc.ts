/**
 * Which exported declarations of a package's sources lack a TSDoc comment. Shared by the vault's and
 * the rotator's TSDoc tests (by path: a test helper, not part of either package's API).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const DECLARATION =
  /^export (?:declare )?(?:abstract )?(?:async )?(?:const|let|function|interface|type|class|enum) (\w+)/;

/** The `.ts` files under `dir`, generated code left out (its generator writes its own comments). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Declarations (not re-exports) exported without a TSDoc comment right above them, as `file: name`. */
function undocumentedIn(root: string, path: string): string[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const missing: string[] = [];
  lines.forEach((line, index) => {
    const match = DECLARATION.exec(line);
    if (!match) return;
    let above = index - 1;
    while (above >= 0 && (lines[above] as string).trim() === "") above--;
    if (!(lines[above] ?? "").trimEnd().endsWith("*/")) missing.push(`${relative(root, path)}: ${match[1]}`);
  });
  return missing;
}

/** Every exported declaration under `srcDir` without a TSDoc comment; empty when all have one. */
export function undocumentedExports(srcDir: string): string[] {
  return sourceFiles(srcDir).flatMap((path) => undocumentedIn(srcDir, path));
}
