/**
 * What a package's entry exports and what its README's "API" section lists, so a test can hold the
 * two equal. Types count: a README that forgets an exported interface is as wrong as one that
 * forgets a function, and only the compiler sees types.
 */
import ts from "typescript";

/**
 * Every name the module at `entryPath` exports, values and types, `export *` followed.
 * @param entryPath absolute path of the package's `src/index.ts`
 */
export function exportedNames(entryPath: string): string[] {
  const program = ts.createProgram([entryPath], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    customConditions: ["source"],
    noEmit: true,
    skipLibCheck: true,
  });
  const source = program.getSourceFile(entryPath);
  const checker = program.getTypeChecker();
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${entryPath}: the compiler found no module there`);
  return checker
    .getExportsOfModule(module)
    .map((symbol) => symbol.name)
    .sort();
}

/**
 * The names the README's `## API` section lists: one line each, starting ``- `name` ``. The section
 * ends at the next heading of the same or a higher level.
 */
export function readmeApiNames(readme: string): string[] {
  const lines = readme.split("\n");
  const start = lines.findIndex((line) => /^## API\s*$/.test(line));
  if (start === -1) throw new Error('the README has no "## API" section');
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^#{1,2} /.test(line));
  return (end === -1 ? rest : rest.slice(0, end))
    .map((line) => /^- `([A-Za-z_$][\w$]*)`/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/**
 * How a package's entry and its README's API section disagree: names exported but not listed, and
 * names listed but not exported. Both empty when the README tells the truth.
 */
export function apiDrift(entryPath: string, readme: string): { unlisted: string[]; missing: string[] } {
  const exported = exportedNames(entryPath);
  const listed = readmeApiNames(readme);
  return {
    unlisted: exported.filter((name) => !listed.includes(name)),
    missing: listed.filter((name) => !exported.includes(name)),
  };
}
