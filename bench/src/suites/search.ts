import type { Figure, SuiteOptions, SuiteReport } from "../report.js";
import { startIpcChild } from "../servers/ipc-child.js";
import { round, summarize } from "../stats.js";
import { barChart } from "../svg-chart.js";

/** Per-query budget that keeps a test suite of a few hundred searches fast. */
const GOAL_MS = 50;

/** The 22 operators over 100k seeded documents: per-query time of the mock's search. */
export async function searchSuite({ quick, log }: SuiteOptions): Promise<SuiteReport> {
  const count = 100_000;
  const repeats = quick ? 3 : 7;
  log(
    `search: ${count.toLocaleString("en-US")} alert documents, 22 operators × ${repeats}, in a child process`,
  );
  const child = await startIpcChild<object>(new URL("../servers/search-process.ts", import.meta.url));
  let timings: Array<{ operator: string; times: number[] }>;
  try {
    timings = await child.request({ type: "time", count, repeats });
  } finally {
    await child.close();
  }
  const figures: Figure[] = timings.map(({ operator, times }) => ({
    name: operator,
    unit: "ms/query",
    summary: summarize(times),
  }));
  const worst = figures.reduce((a, b) => (a.summary.median > b.summary.median ? a : b));
  return {
    id: "search",
    title:
      "Search: 22 operators over 100k documents (the mock's search engine in a process of its own, sorted by @timestamp)",
    figures,
    goals: [
      {
        goal: `every operator ≤ ${GOAL_MS} ms per query over 100k documents`,
        measured: `slowest ${worst.name}: ${round(worst.summary.median, 1)} ms`,
        met: worst.summary.median <= GOAL_MS,
      },
    ],
    charts: [
      {
        file: "search-operators.svg",
        title: "Search over 100k documents: median ms per query",
        svg: barChart(
          "Search over 100k documents (median ms per query)",
          figures.map((figure) => ({ label: figure.name, value: figure.summary.median })),
          "ms",
        ),
      },
    ],
  };
}
