import { builtinModules } from "node:module";
import { type Manifest, REPOSITORY_URL } from "./workspace.js";

/** A packed package as the rules see it: the manifest inside the tarball and its files. */
export interface PackedContents {
  /** The package.json inside the tarball (pnpm applied `publishConfig` and replaced `workspace:`). */
  manifest: Manifest;
  /** Paths inside the package (`dist/index.js`), without the tarball's `package/` folder. */
  files: string[];
  /** Reads one packed file as text. */
  read(path: string): string;
}

/**
 * What publint and attw do not check but a user installing the tarball relies on. Each message says
 * what to change.
 * @param dir the package's folder in the repository (`packages/sdk`)
 * @param workspace the package.json in the work tree
 * @param packed what `pnpm pack` made of it
 * @returns one line per problem; empty when the package is fine
 */
export function packagingProblems(dir: string, workspace: Manifest, packed: PackedContents): string[] {
  const problems: string[] = [];
  const { manifest } = packed;
  const has = (path: string) => packed.files.includes(path);

  if (manifest.license !== "MIT") problems.push(`license is ${manifest.license}, not MIT`);
  for (const file of ["LICENSE", "README.md", "CHANGELOG.md"]) {
    if (!has(file)) problems.push(`${file} is missing from the tarball (add it to the package folder)`);
  }
  if (manifest.engines?.node === undefined) problems.push("engines.node is missing");
  if (manifest.publishConfig?.access !== "public") problems.push('publishConfig.access is not "public"');
  const repository = typeof manifest.repository === "string" ? undefined : manifest.repository;
  if (repository?.url !== `git+${REPOSITORY_URL}.git` || repository.directory !== dir) {
    problems.push(
      `repository must be { type: "git", url: "git+${REPOSITORY_URL}.git", directory: "${dir}" }`,
    );
  }
  // pnpm pack drops the publish-time scripts from the packed manifest: read the workspace's
  if (workspace.scripts?.prepack === undefined) {
    problems.push("no prepack script: a pack of an unbuilt package would have no dist/");
  }

  if (conditionPaths(manifest.exports, "source").length > 0) {
    problems.push('the packed exports still have a "source" condition: set publishConfig.exports');
  }
  const expected = withoutCondition(workspace.exports, "source");
  if (JSON.stringify(workspace.publishConfig?.exports ?? workspace.exports) !== JSON.stringify(expected)) {
    problems.push('publishConfig.exports must be exports without its "source" conditions, entry for entry');
  }
  const sources = packed.files.filter((file) => file.startsWith("src/"));
  if (sources.length > 0) problems.push(`ships TypeScript sources (${sources[0]}, ...): drop src from files`);

  const allowed = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  // dist/ only: the bins' fallback to tsx runs only when there is no dist/, which prepack rules out
  for (const file of packed.files.filter((path) => path.startsWith("dist/") && path.endsWith(".js"))) {
    for (const specifier of importedPackages(packed.read(file))) {
      if (!allowed.has(specifier)) {
        problems.push(`${file} imports ${specifier}, which is not a dependency or peer dependency`);
      }
    }
  }
  return problems;
}

const BUILTINS = new Set(builtinModules);

/**
 * The packages a compiled ES module imports: bare specifiers reduced to their package name
 * (`msw/node` → `msw`), Node's built-in modules and relative paths left out.
 * @example importedPackages('import { x } from "@scope/pkg/sub";') // ["@scope/pkg"]
 */
export function importedPackages(code: string): string[] {
  const specifiers = new Set<string>();
  const patterns = [
    /\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/g,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1] ?? "";
      if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) continue;
      const parts = specifier.split("/");
      const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? "");
      if (!BUILTINS.has(name)) specifiers.add(name);
    }
  }
  return [...specifiers];
}

/** The paths (as `a.b.c`) of every key named `condition` inside an `exports` value. */
export function conditionPaths(exportsValue: unknown, condition: string, at = "exports"): string[] {
  if (exportsValue === null || typeof exportsValue !== "object") return [];
  return Object.entries(exportsValue).flatMap(([key, value]) => [
    ...(key === condition ? [`${at}.${key}`] : []),
    ...conditionPaths(value, condition, `${at}.${key}`),
  ]);
}

/** An `exports` value with every key named `condition` removed, the order of the rest kept. */
export function withoutCondition(exportsValue: unknown, condition: string): unknown {
  if (exportsValue === null || typeof exportsValue !== "object" || Array.isArray(exportsValue)) {
    return exportsValue;
  }
  return Object.fromEntries(
    Object.entries(exportsValue)
      .filter(([key]) => key !== condition)
      .map(([key, value]) => [key, withoutCondition(value, condition)]),
  );
}
