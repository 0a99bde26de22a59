// Client CPU per call: the SDK vs raw fetch vs bare openapi-fetch, against the standalone mock in a child
// process. Not a test (no assertions, not picked up by vitest): a measuring tool for performance work,
// less noisy on a shared machine than wall time because it reads this process's own CPU time.
//
//   node --conditions=source --import tsx packages/sdk/test/perf/client-cpu.ts [callsPerRound] [rounds] [only] [client]
//
// `only` (apiKeys.get | search) limits the run to one operation and `client` (raw fetch | openapi-fetch |
// sdk | sdk before) to one client; BEFORE=/path/to/other/src/index.ts measures a second SDK copy; add `--cpu-prof` to node to profile.
import { type Call, overheadCalls } from "../../../../bench/src/sdk-calls.js";
import { startIpcChild } from "../../../../bench/src/servers/ipc-child.js";
import type { MockServerInfo } from "../../../../bench/src/servers/mock-process.js";
import { createKeywardenClient } from "../../src/index.js";
import { type Measure, cpuPerCall as timeCalls } from "./cpu-per-call.js";

const callsPerRound = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 50);
const only = process.argv[4];
const onlyClient = process.argv[5];

// The bench's mock child (bench/src/servers/mock-process.ts) speaks IPC: start it the way the bench does.
const mock = await startIpcChild<MockServerInfo>(
  new URL("../../../../bench/src/servers/mock-process.ts", import.meta.url),
);
const { url, token } = mock.info;
const sdk = createKeywardenClient({ baseUrl: url, auth: { token } });
// BEFORE=<path to another copy's src/index.ts> adds that SDK as "sdk before", measured in the same rounds.
const before = process.env.BEFORE
  ? ((await import(process.env.BEFORE)) as typeof import("../../src/index.js"))
  : undefined;
const sdkBefore = before?.createKeywardenClient({ baseUrl: url, auth: { token } });
const sdkNoTimeout = createKeywardenClient({ baseUrl: url, auth: { token }, timeoutMs: 0 });
const operations = overheadCalls(mock.info, {
  sdk,
  "sdk timeoutMs 0": sdkNoTimeout,
  ...(sdkBefore && { "sdk before": sdkBefore }),
});

/**
 * Client CPU in µs per call over `count` sequential calls: user time only by default (the kernel's share
 * of a loopback write swings with the machine's load and is the same for every client); `CPU=all` adds
 * system time; `CPU=wall` measures wall time instead.
 */
const measure: Measure = process.env.CPU === "all" || process.env.CPU === "wall" ? process.env.CPU : "user";
const cpuPerCall = (call: Call, count: number) => timeCalls(call, count, measure);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

try {
  for (const [operation, clients] of Object.entries(operations)) {
    if (only && operation !== only) continue;
    const names = Object.keys(clients).filter((n) => !onlyClient || n === onlyClient);
    for (const name of names) await cpuPerCall(clients[name]!, 300); // warm up JIT and sockets
    const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
      for (const name of order) samples[name]!.push(await cpuPerCall(clients[name]!, callsPerRound));
    }
    // Ratios are paired by round (same machine conditions), then the median of them taken.
    const base = samples["raw fetch"] ?? samples[names[0]!]!;
    const line = names
      .map((n) => {
        const ratio = median(samples[n]!.map((value, r) => value / base[r]!));
        return `${n} ${median(samples[n]!).toFixed(1)} µs (${ratio.toFixed(3)}×)`;
      })
      .join(" | ");
    console.log(`${operation}: ${line}  [${rounds}×${callsPerRound}]`);
  }
} finally {
  await mock.close();
}
