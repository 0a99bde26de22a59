import { createKeywardenClient } from "@keywarden/sdk";
import type { Figure, GoalCheck, SuiteOptions, SuiteReport } from "../report.js";
import { type Call, overheadCalls, RAW_WITH_TIMEOUT } from "../sdk-calls.js";
import { startIpcChild } from "../servers/ipc-child.js";
import type { MockServerInfo } from "../servers/mock-process.js";
import { round, summarize } from "../stats.js";
import { barChart } from "../svg-chart.js";

const SDK_NO_TIMEOUT = "@keywarden/sdk (timeoutMs 0)";

/** Mean milliseconds per call over `count` sequential calls. */
async function timeCalls(call: Call, count: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index++) await call();
  return (performance.now() - started) / count;
}

/**
 * Mean milliseconds per call of each client over `count` turns, the clients taking turns call by call
 * (in an order that rotates every turn), so a busy or quiet spell of the machine weighs on all alike.
 */
async function timeInterleaved(
  clients: Record<string, Call>,
  count: number,
): Promise<Record<string, number>> {
  const names = Object.keys(clients);
  const total: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  for (let turn = 0; turn < count; turn++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(turn + i) % names.length]!;
      const started = performance.now();
      await clients[name]!();
      total[name]! += performance.now() - started;
    }
  }
  return Object.fromEntries(names.map((name) => [name, total[name]! / count]));
}

/** One SDK call vs the same request through raw fetch and bare openapi-fetch, on loopback. */
export async function sdkOverheadSuite({ quick, log }: SuiteOptions): Promise<SuiteReport> {
  const rounds = quick ? 5 : 15;
  const callsPerRound = quick ? 200 : 1000;
  const mock = await startIpcChild<MockServerInfo>(new URL("../servers/mock-process.ts", import.meta.url));
  const sdk = createKeywardenClient({ baseUrl: mock.info.url, auth: { token: mock.info.token } });
  // The SDK without its default timeout, beside raw fetch with one: together they split the SDK's
  // overhead into what the timeout's abort signal costs and what the SDK's own work costs.
  const sdkNoTimeout = createKeywardenClient({
    baseUrl: mock.info.url,
    auth: { token: mock.info.token },
    timeoutMs: 0,
  });
  const operations = overheadCalls(mock.info, {
    "@keywarden/sdk": sdk,
    [SDK_NO_TIMEOUT]: sdkNoTimeout,
  });

  const figures: Figure[] = [];
  const goals: GoalCheck[] = [];
  try {
    for (const [operation, clients] of Object.entries(operations)) {
      log(`sdk overhead: ${operation}`);
      for (const call of Object.values(clients)) await timeCalls(call, 50); // warm up JIT and sockets
      const perClient: Record<string, number[]> = Object.fromEntries(
        Object.keys(clients).map((name) => [name, []]),
      );
      const ratios: number[] = [];
      const splitRatios: Record<string, number[]> = { [SDK_NO_TIMEOUT]: [], [RAW_WITH_TIMEOUT]: [] };
      for (let r = 0; r < rounds; r++) {
        const times = await timeInterleaved(clients, callsPerRound);
        for (const name of Object.keys(clients)) perClient[name]!.push(times[name]!);
        ratios.push(times["@keywarden/sdk"]! / times["raw fetch"]!);
        for (const name of Object.keys(splitRatios))
          splitRatios[name]!.push(times[name]! / times["raw fetch"]!);
      }
      for (const [name, values] of Object.entries(perClient)) {
        figures.push({ name: `${operation} via ${name}`, unit: "ms/call", summary: summarize(values) });
      }
      const ratio = summarize(ratios);
      figures.push({ name: `${operation} SDK ÷ raw fetch`, unit: "×", summary: ratio });
      for (const [name, values] of Object.entries(splitRatios))
        figures.push({ name: `${operation} ${name} ÷ raw fetch`, unit: "×", summary: summarize(values) });
      goals.push({
        goal: `${operation}: SDK ≤ 1.05× raw fetch`,
        measured: `${round(ratio.median, 3)}× (spread ${round(ratio.spread * 100, 1)}%)`,
        met: ratio.median <= 1.05,
      });
    }
  } finally {
    await mock.close();
  }
  return {
    id: "sdk-overhead",
    title: `SDK overhead vs raw fetch and bare openapi-fetch (${rounds} rounds × ${callsPerRound} sequential calls each, interleaved call by call)`,
    figures,
    goals,
    charts: [
      {
        file: "sdk-overhead.svg",
        title: "Milliseconds per call (median of rounds)",
        svg: barChart(
          "Milliseconds per call on loopback (median)",
          figures
            .filter((figure) => figure.unit === "ms/call")
            .map((figure) => ({ label: figure.name, value: figure.summary.median })),
          "ms",
        ),
      },
    ],
  };
}
