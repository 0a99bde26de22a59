import type { Figure, GoalCheck, SuiteOptions, SuiteReport } from "../report.js";
import { startIpcChild } from "../servers/ipc-child.js";
import { round, summarize } from "../stats.js";
import { barChart } from "../svg-chart.js";

const FLOOR = "msw floor (trivial handler)";

/**
 * The ratio to msw's floor each in-process call may reach: what the mock measured before its
 * redesign into a pure core (when its routes bypassed msw's handler machinery), so the in-process
 * path is no slower than it was. See bench/README.md for the measurement.
 */
const CEILING: Record<string, number> = {
  "GET /api/api-keys/{id}": 1.05,
  "API-key authenticated GET": 1.05,
};

/** The mock in-process through msw (as test suites use it), per call, against msw's own floor. */
export async function mockInProcessSuite({ quick, log }: SuiteOptions): Promise<SuiteReport> {
  const rounds = quick ? 3 : 9;
  const calls = quick ? 300 : 1000;
  log(`mock in-process: ${rounds} rounds × ${calls} calls each, taking turns call by call`);
  const child = await startIpcChild<object>(new URL("../servers/in-process-mock.ts", import.meta.url));
  let timings: Record<string, number[]>;
  try {
    timings = await child.request({ type: "time", rounds, calls });
  } finally {
    await child.close();
  }
  const floor = timings[FLOOR]!;
  const figures: Figure[] = Object.entries(timings).map(([name, times]) => ({
    name,
    unit: "ms/call",
    summary: summarize(times),
  }));
  const goals: GoalCheck[] = Object.entries(CEILING).map(([name, ceiling]) => {
    const ratio = summarize(timings[name]!.map((ms, index) => ms / floor[index]!));
    return {
      goal: `${name}: ≤ ${ceiling}× msw's floor (no slower than before the pure core)`,
      measured: `${round(ratio.median)}× (${round(summarize(timings[name]!).median, 3)} ms/call)`,
      met: ratio.median <= ceiling,
    };
  });
  return {
    id: "mock-in-process",
    title: `Mock in-process through msw's setupServer (${rounds} rounds × ${calls} sequential calls)`,
    figures,
    goals,
    charts: [
      {
        file: "mock-in-process.svg",
        title: "In-process ms per call: the mock vs a trivial msw handler",
        svg: barChart(
          "In-process ms per call (median)",
          figures.map((figure) => ({ label: figure.name, value: figure.summary.median })),
          "ms/call",
        ),
      },
    ],
  };
}
