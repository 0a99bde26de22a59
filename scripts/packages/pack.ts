import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { type Manifest, publishedPackages } from "./workspace.js";

const run = promisify(execFile);

/** One package as `pnpm pack` packed it. */
export interface PackedPackage {
  name: string;
  /** Its folder in the repository (`packages/sdk`). */
  dir: string;
  /** Absolute path of the `.tgz`. */
  tarball: string;
  /** The workspace's package.json (the packed one is inside the tarball). */
  manifest: Manifest;
}

// What a package folder holds that a build or a pack never reads. Only top-level entries are skipped.
const NOT_STAGED = new Set(["node_modules", "dist", "test", ".old"]);

/**
 * Packs every published package with `pnpm pack`, as a release would (its `prepack` builds it, and
 * `workspace:*` ranges become versions), but from a copy of the work tree in the system's temp
 * folder. Packing in place would write `dist/` into the work tree, and the bins prefer a `dist/`
 * when there is one: tests running beside this one would then run a half-written or stale build.
 * The copy shares the workspace's `node_modules` through symlinks, so nothing is installed.
 * @param root the repository root
 * @param outDir where the tarballs go (created when missing)
 * @returns one entry per package, in the order of {@link publishedPackages}
 * @example const packed = await packWorkspace(process.cwd(), "/tmp/packs");
 */
export async function packWorkspace(root: string, outDir: string): Promise<PackedPackage[]> {
  const stage = mkdtempSync(join(tmpdir(), "keywarden-stage-"));
  try {
    for (const file of ["package.json", "pnpm-workspace.yaml", "tsconfig.json", "LICENSE"]) {
      if (existsSync(join(root, file))) cpSync(join(root, file), join(stage, file));
    }
    symlinkSync(join(root, "node_modules"), join(stage, "node_modules"), "dir");
    const packages = publishedPackages(root);
    for (const { dir } of packages) stagePackage(join(root, dir), join(stage, dir));
    mkdirSync(outDir, { recursive: true });
    // Two at a time: each pack is mostly one tsc run, and CI machines have two cores.
    return await mapWithConcurrency(packages, 2, async ({ dir, manifest }) => {
      const destination = mkdtempSync(join(outDir, "pack-"));
      await runOrExplain("pnpm", ["pack", "--pack-destination", destination], join(stage, dir));
      const [tarball] = readdirSync(destination).filter((file) => file.endsWith(".tgz"));
      if (tarball === undefined) throw new Error(`pnpm pack of ${manifest.name} wrote no .tgz`);
      return { name: manifest.name, dir, tarball: join(destination, tarball), manifest };
    });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function stagePackage(from: string, to: string): void {
  cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const top = relative(from, source).split(sep)[0] ?? "";
      return !NOT_STAGED.has(top);
    },
  });
  // pnpm's links inside node_modules are relative to the real folder, so they still resolve
  if (existsSync(join(from, "node_modules"))) {
    symlinkSync(join(from, "node_modules"), join(to, "node_modules"), "dir");
  }
}

/**
 * Runs a command; on failure the error carries its output, so a broken build reads as tsc wrote it.
 * @returns the command's stdout
 */
export async function runOrExplain(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout}${stderr}`, { cause: error });
  }
}

async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
