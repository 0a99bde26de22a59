// `pnpm bench [--quick] [suite ...]`: runs the benchmarks, prints a table, writes
// bench/results/latest.json and the charts, and rewrites the results section of bench/README.md.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { describeMachine } from "./machine.js";
import type { Suite, SuiteReport } from "./report.js";
import { round } from "./stats.js";
import { mockInProcessSuite } from "./suites/mock-in-process.js";
import { mockThroughputSuite } from "./suites/mock-throughput.js";
import { rotationThroughputSuite } from "./suites/rotation-throughput.js";
import { scanGrowthSuite } from "./suites/scan-growth.js";
import { sdkBundleSuite } from "./suites/sdk-bundle.js";
import { sdkOverheadSuite } from "./suites/sdk-overhead.js";
import { searchSuite } from "./suites/search.js";

const SUITES: Record<string, Suite> = {
  "sdk-overhead": sdkOverheadSuite,
  "sdk-bundle": sdkBundleSuite,
  "mock-throughput": mockThroughputSuite,
  "mock-in-process": mockInProcessSuite,
  search: searchSuite,
  "rotation-throughput": rotationThroughputSuite,
  "scan-growth": scanGrowthSuite,
};

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const chosen = args.filter((arg) => !arg.startsWith("--"));
const unknown = chosen.filter((name) => !(name in SUITES));
if (unknown.length > 0) {
  console.error(`Unknown suite(s): ${unknown.join(", ")}. Suites: ${Object.keys(SUITES).join(", ")}`);
  process.exit(2);
}
const names = chosen.length > 0 ? chosen : Object.keys(SUITES);
const resultsDir = new URL("../results/", import.meta.url);
const readmeUrl = new URL("../README.md", import.meta.url);
const log = (message: string) => console.error(message);

const started = Date.now();
const reports: SuiteReport[] = [];
for (const name of names) reports.push(await SUITES[name]!({ quick, log }));

await mkdir(resultsDir, { recursive: true });
for (const chart of reports.flatMap((report) => report.charts)) {
  await writeFile(new URL(chart.file, resultsDir), chart.svg);
}
const result = {
  date: new Date().toISOString(),
  mode: quick ? "quick" : "full",
  durationSeconds: Math.round((Date.now() - started) / 1000),
  machine: describeMachine(),
  suites: reports,
};
await writeFile(
  new URL("latest.json", resultsDir),
  `${JSON.stringify(result, (key, value) => (key === "svg" ? undefined : value), 2)}\n`,
);

const markdown = renderMarkdown(reports, result);
console.log(markdown);
const readme = await readFile(readmeUrl, "utf8").catch(() => "");
const begin = "<!-- results:begin -->";
const end = "<!-- results:end -->";
if (readme.includes(begin) && readme.includes(end)) {
  const updated = `${readme.slice(0, readme.indexOf(begin) + begin.length)}\n${markdown}\n${readme.slice(readme.indexOf(end))}`;
  await writeFile(readmeUrl, updated);
}

function renderMarkdown(all: SuiteReport[], meta: typeof result): string {
  const lines = [
    `Run of ${meta.date} (${meta.mode} mode, ${meta.durationSeconds}s) on ${meta.machine.cores}× ${meta.machine.cpu}, Node ${meta.machine.node}.`,
    "",
  ];
  for (const report of all) {
    lines.push(`### ${report.title}`, "", "| goal | measured | met |", "| --- | --- | --- |");
    for (const goal of report.goals) {
      lines.push(
        `| ${goal.goal} | ${goal.measured} | ${goal.met ? "yes" : "**no**"}${goal.note ? ` (${goal.note})` : ""} |`,
      );
    }
    lines.push("", "| figure | median | min | max | runs |", "| --- | --- | --- | --- | --- |");
    for (const figure of report.figures) {
      const { median, min, max, runs } = figure.summary;
      lines.push(
        `| ${figure.name} | ${round(median, 3)} ${figure.unit} | ${round(min, 3)} | ${round(max, 3)} | ${runs} |`,
      );
    }
    for (const chart of report.charts) lines.push("", `![${chart.title}](results/${chart.file})`);
    lines.push("");
  }
  return lines.join("\n");
}
