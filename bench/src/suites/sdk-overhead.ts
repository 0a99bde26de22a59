import { createKeywardenClient } from "@keywarden/sdk";
import type { Figure, GoalCheck, SuiteOptions, SuiteReport } from "../report.js";
import { type Call, OPENAPI_FETCH_FLOOR, overheadCalls, RAW_WITH_TIMEOUT } from "../sdk-calls.js";
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

/** Per operation: the SDK's time ÷ each other client's, per round, and every client's ms/call. */
async function measure(
  operations: Record<string, Record<string, Call>>,
  rounds: number,
  callsPerRound: number,
  log: (message: string) => void,
  label: string,
): Promise<Record<string, { perClient: Record<string, number[]>; over: Record<string, number[]> }>> {
  const out: Record<string, { perClient: Record<string, number[]>; over: Record<string, number[]> }> = {};
  for (const [operation, clients] of Object.entries(operations)) {
    log(`sdk overhead${label}: ${operation}`);
    for (const call of Object.values(clients)) await timeCalls(call, 50); // warm up JIT and sockets
    const names = Object.keys(clients);
    const perClient: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    const over: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    for (let r = 0; r < rounds; r++) {
      const times = await timeInterleaved(clients, callsPerRound);
      for (const name of names) {
        perClient[name]!.push(times[name]!);
        over[name]!.push(times["@keywarden/sdk"]! / times[name]!);
      }
    }
    out[operation] = { perClient, over };
  }
  return out;
}

/**
 * One SDK call vs the same request through raw fetch and bare openapi-fetch, against the standalone
 * mock on loopback, then again with 1 ms of latency injected by the mock (what a user feels).
 */
export async function sdkOverheadSuite({ quick, log }: SuiteOptions): Promise<SuiteReport> {
  const rounds = quick ? 5 : 15;
  const callsPerRound = quick ? 200 : 1000;
  const latencyRounds = quick ? 3 : 7;
  const latencyCalls = quick ? 100 : 300;
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
    const loopback = await measure(operations, rounds, callsPerRound, log, "");
    for (const [operation, { perClient, over }] of Object.entries(loopback)) {
      for (const [name, values] of Object.entries(perClient)) {
        figures.push({ name: `${operation} via ${name}`, unit: "ms/call", summary: summarize(values) });
      }
      for (const name of ["raw fetch", "openapi-fetch", RAW_WITH_TIMEOUT, OPENAPI_FETCH_FLOOR]) {
        figures.push({ name: `${operation} SDK ÷ ${name}`, unit: "×", summary: summarize(over[name]!) });
      }
      const vsLibrary = summarize(over["openapi-fetch"]!);
      const vsRaw = summarize(over["raw fetch"]!);
      goals.push({
        goal: `${operation}: SDK ≤ 1.10× bare openapi-fetch`,
        measured: `${round(vsLibrary.median, 3)}× (spread ${round(vsLibrary.spread * 100, 1)}%)`,
        met: vsLibrary.median <= 1.1,
        note: `${round(vsRaw.median, 3)}× raw fetch`,
      });
    }

    await fetch(`${mock.info.url}/__mock/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/api/*", latencyMs: 1 }),
    });
    const slow = await measure(operations, latencyRounds, latencyCalls, log, " (1 ms latency)");
    for (const [operation, { perClient, over }] of Object.entries(slow)) {
      for (const name of Object.keys(perClient)) {
        const summary = summarize(perClient[name]!);
        figures.push({ name: `${operation} via ${name}, 1 ms latency`, unit: "ms/call", summary });
      }
      // How far above raw fetch the floor itself sits: the least any client on openapi-fetch adds.
      const floorOverRaw = summarize(
        perClient[OPENAPI_FETCH_FLOOR]!.map((time, r) => time / perClient["raw fetch"]![r]!),
      );
      figures.push({
        name: `${operation} floor ÷ raw fetch, 1 ms latency`,
        unit: "×",
        summary: floorOverRaw,
      });
      const vsRaw = summarize(over["raw fetch"]!);
      const vsRawWithTimeout = summarize(over[RAW_WITH_TIMEOUT]!);
      goals.push({
        goal: `${operation}, 1 ms latency: SDK ≤ 1.02× raw fetch`,
        measured: `${round(vsRaw.median, 3)}× (spread ${round(vsRaw.spread * 100, 1)}%)`,
        met: vsRaw.median <= 1.02,
        note: `${round(vsRawWithTimeout.median, 3)}× raw fetch with the same 30 s timeout signal; the openapi-fetch floor alone ${round(floorOverRaw.median, 3)}× raw fetch`,
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
            .filter((figure) => figure.unit === "ms/call" && !figure.name.includes("latency"))
            .map((figure) => ({ label: figure.name, value: figure.summary.median })),
          "ms",
        ),
      },
    ],
  };
}
