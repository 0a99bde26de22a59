import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, version as esbuildVersion, type Metafile } from "esbuild";
import type { Figure, SuiteOptions, SuiteReport } from "../report.js";
import { round, summarize } from "../stats.js";
import { barChart } from "../svg-chart.js";

/** The goal, in kB of 1,000 bytes as esbuild and bundlephobia count them. */
const GOAL_BYTES = 20_000;

/** What a browser app that lists keys and searches writes: the client, `apiKeys` and `search`. */
const ENTRY = `import { createKeywardenClient } from "@keywarden/sdk";
const kw = createKeywardenClient({ baseUrl: "https://keys.example.com", auth: { apiKey: "key" } });
export const getKey = (id) => kw.apiKeys.get(id);
export const searchAlerts = (indexPattern) => kw.search({ indexPattern });
`;

const benchDir = fileURLToPath(new URL("../..", import.meta.url));

/** The SDK bundled for the browser as an app would (esbuild, minified), and its gzip -9 size. */
export async function sdkBundleSuite({ log }: SuiteOptions): Promise<SuiteReport> {
  log(`sdk-bundle: esbuild ${esbuildVersion}, platform browser, esm, minified; gzip -9`);
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: benchDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    // The work tree has no dist/ (prepack builds it), so the packages resolve to their sources through
    // `source`; dist/ is tsc's output of the same modules. `module` is listed because esbuild drops it
    // from its defaults once any condition is given.
    conditions: ["source", "module"],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  const contributors = contributorsOf(result.metafile);
  const once = (value: number) => summarize([value]);
  const figures: Figure[] = [
    { name: "bundle, minified", unit: "B", summary: once(code.length) },
    { name: "bundle, minified + gzip -9", unit: "B", summary: once(gzipped) },
    ...contributors.packages.map(([name, bytes]) => ({
      name: `minified bytes from ${name}`,
      unit: "B",
      summary: once(bytes),
    })),
    ...contributors.modules.slice(0, 5).map(([name, bytes]) => ({
      name: `minified bytes from module ${name}`,
      unit: "B",
      summary: once(bytes),
    })),
  ];
  return {
    id: "sdk-bundle",
    title: `SDK browser bundle (esbuild ${esbuildVersion}: \`createKeywardenClient\` with \`apiKeys\` and \`search\`, platform browser, esm, minified, dependencies included; gzip -9; kB = 1,000 bytes)`,
    figures,
    goals: [
      {
        goal: `minified + gzip -9 ≤ ${GOAL_BYTES / 1000} kB`,
        measured: `${kB(gzipped)} kB (${kB(code.length)} kB minified)`,
        met: gzipped <= GOAL_BYTES,
      },
    ],
    charts: [
      {
        file: "sdk-bundle.svg",
        title: "SDK browser bundle: minified bytes by package",
        svg: barChart(
          "SDK browser bundle: minified bytes by package",
          contributors.packages.map(([label, value]) => ({ label, value })),
          "B",
        ),
      },
    ],
  };
}

const kB = (bytes: number) => round(bytes / 1000, 1);

/** Bytes in the output by package (the nearest package.json's name) and by module, largest first. */
function contributorsOf(metafile: Metafile): { packages: [string, number][]; modules: [string, number][] } {
  const output = Object.values(metafile.outputs)[0]!;
  const packages = new Map<string, number>();
  const modules: [string, number][] = [];
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const file = resolve(benchDir, path);
    const owner = path === "<stdin>" ? { name: "the app's entry", dir: file } : packageOf(file);
    const name = owner?.name ?? path;
    packages.set(name, (packages.get(name) ?? 0) + bytesInOutput);
    modules.push([owner ? `${name} ${relative(owner.dir, file)}`.trim() : path, bytesInOutput]);
  }
  const largestFirst = (a: [string, number], b: [string, number]) => b[1] - a[1];
  return { packages: [...packages].sort(largestFirst), modules: modules.sort(largestFirst) };
}

/** The package a file belongs to: the nearest package.json above it that has a name. */
function packageOf(file: string): { name: string; dir: string } | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const { name } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string };
      if (name) return { name, dir };
    } catch {
      // no package.json here: look higher up
    }
  }
  return undefined;
}
