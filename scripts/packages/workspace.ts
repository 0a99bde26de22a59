import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The fields of a package.json the packaging checks read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  engines?: Record<string, string>;
  repository?: { type?: string; url?: string; directory?: string } | string;
  publishConfig?: { access?: string; exports?: unknown; [field: string]: unknown };
  exports?: unknown;
  typesVersions?: Record<string, Record<string, string[]>>;
  files?: string[];
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** A package of the workspace that is published to npm. */
export interface WorkspacePackage {
  /** Its folder, relative to the repository root (`packages/sdk`). */
  dir: string;
  manifest: Manifest;
}

/** The one repository every package.json and README points at. */
export const REPOSITORY_URL = "https://github.com/keywarden/keywarden";

/**
 * Every package under `packages/` that is not private, in a stable order.
 * @param root the repository root
 */
export function publishedPackages(root: string): WorkspacePackage[] {
  return readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}`)
    .flatMap((dir) => {
      let text: string;
      try {
        text = readFileSync(join(root, dir, "package.json"), "utf8");
      } catch {
        return []; // a folder without a package.json is no package
      }
      const manifest = JSON.parse(text) as Manifest;
      return manifest.private === true ? [] : [{ dir, manifest }];
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}
