// `pnpm check:packages`: packs every published package and checks each tarball with publint, with
// Are the Types Wrong (attw) and with the rules of ./rules.ts. Prints each problem and exits 1 on any.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PackedPackage, packWorkspace, runOrExplain } from "./pack.js";
import { packagingProblems } from "./rules.js";
import type { Manifest } from "./workspace.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "node_modules", ".bin");

/**
 * attw's rules this project turns off, each with its reason.
 * - cjs-resolves-to-esm: the packages are ESM only; `require()` of them works from Node 20.19 on
 *   (require(esm)), which every package's `engines` asks for. attw's TypeScript predates that.
 */
const ATTW_IGNORED_RULES = ["cjs-resolves-to-esm"];

/**
 * Every problem of one packed package: the project's rules, publint's messages (warnings count), and
 * attw's under every module resolution, node10 included.
 * @param packed a package from {@link packWorkspace}
 * @returns one entry per problem, each naming the tool; empty when the package is fine
 */
export async function checkPackedPackage(packed: PackedPackage): Promise<string[]> {
  const problems: string[] = [];
  const unpacked = mkdtempSync(join(tmpdir(), "keywarden-unpacked-"));
  try {
    await runOrExplain("tar", ["-xzf", packed.tarball, "-C", unpacked], ROOT);
    const files = (await runOrExplain("tar", ["-tzf", packed.tarball], ROOT))
      .split("\n")
      .filter((line) => line !== "" && !line.endsWith("/"))
      .map((line) => line.replace(/^package\//, ""));
    const read = (path: string) => readFileSync(join(unpacked, "package", path), "utf8");
    const manifest = JSON.parse(read("package.json")) as Manifest;
    problems.push(...packagingProblems(packed.dir, packed.manifest, { manifest, files, read }));
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
  const tools: [string, string[]][] = [
    ["publint", ["run", packed.tarball, "--strict"]],
    ["attw", [packed.tarball, "--format", "ascii", "--no-color", "--ignore-rules", ...ATTW_IGNORED_RULES]],
  ];
  for (const [tool, args] of tools) {
    try {
      await runOrExplain(join(BIN, tool), args, ROOT);
    } catch (error) {
      problems.push(`${tool}: ${(error as Error).message}`);
    }
  }
  return problems.map((problem) => `${packed.name}: ${problem}`);
}

async function main(): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), "keywarden-packs-"));
  try {
    const packed = await packWorkspace(ROOT, outDir);
    const problems = (await Promise.all(packed.map(checkPackedPackage))).flat();
    for (const problem of problems) console.error(problem);
    console.log(`${packed.length} packages packed and checked, ${problems.length} problems`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
