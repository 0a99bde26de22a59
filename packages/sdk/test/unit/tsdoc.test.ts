import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

/** Public exports of the SDK whose declaration carries no TSDoc comment. */
function undocumentedExports(): { checked: number; missing: string[] } {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error("cannot read src/index.ts");
  const module = checker.getSymbolAtLocation(source);
  if (!module) throw new Error("src/index.ts has no exports");
  const missing: string[] = [];
  let checked = 0;
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    // The generated spec types are documented by the spec itself.
    const declarations = symbol.getDeclarations() ?? [];
    if (declarations.some((d) => d.getSourceFile().fileName.includes("/generated/"))) continue;
    checked++;
    const documented = declarations.some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
    if (!documented) missing.push(exported.getName());
  }
  return { checked, missing: missing.sort() };
}

describe("documentation", () => {
  it("has a TSDoc comment on every public export", () => {
    const { checked, missing } = undocumentedExports();
    expect(checked).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });
});
