// Where the wall time of one call goes, client by client: before `fetch` is called (the client's own
// work building the request), inside `fetch` until the response headers (network, server, undici), and
// after (reading the body, the client's own work on the answer). Against the bench's standalone mock
// with its latency fault, so every call starts on a core that idled while waiting, as a user's call
// does. Not a test (no assertions, not picked up by vitest): a measuring tool for performance work.
// Tight loops flatter small steps that cost several times more after an idle wait; this tool sees that.
//
//   node --conditions=source --import tsx packages/sdk/test/perf/call-segments.ts [apiKeys.get|search] [latencyMs] [calls]
//
// Every client reaches the network through `globalThis.fetch`, which this tool wraps to note when a
// call enters and leaves it; the SDK looks `fetch` up at call time, so it goes through the wrapper too.
import { overheadCalls } from "../../../../bench/src/sdk-calls.js";
import { startIpcChild } from "../../../../bench/src/servers/ipc-child.js";
import type { MockServerInfo } from "../../../../bench/src/servers/mock-process.js";
import { createKeywardenClient } from "../../src/index.js";

const operation = (process.argv[2] ?? "apiKeys.get") as "apiKeys.get" | "search";
const latencyMs = Number(process.argv[3] ?? 1);
const calls = Number(process.argv[4] ?? 2000);

const mock = await startIpcChild<MockServerInfo>(
  new URL("../../../../bench/src/servers/mock-process.ts", import.meta.url),
);
const { url, token } = mock.info;

let entered = 0;
let left = 0;
const networkFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  entered = performance.now();
  const response = await networkFetch(input, init);
  left = performance.now();
  return response;
};

const sdk = (options: { timeoutMs?: number; validateInput?: boolean } = {}) =>
  createKeywardenClient({ baseUrl: url, auth: { token }, ...options });
const clients = overheadCalls(mock.info, {
  "@keywarden/sdk": sdk(),
  "sdk timeoutMs 0": sdk({ timeoutMs: 0 }),
  "sdk validateInput false": sdk({ validateInput: false }),
})[operation];
const names = Object.keys(clients);

try {
  if (latencyMs > 0) {
    await networkFetch(`${url}/__mock/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/api/*", latencyMs }),
    });
  }
  for (let i = 0; i < 200; i++) for (const name of names) await clients[name]!(); // warm up
  // Per client: [before fetch, in fetch, after fetch, whole call] of every call, in µs.
  const samples: Record<string, number[][]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < calls; i++) {
    // The clients take turns call by call, in an order that rotates, so a busy spell weighs on all.
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const started = performance.now();
      await clients[name]!();
      const ended = performance.now();
      samples[name]!.push([entered - started, left - entered, ended - left, ended - started]);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const us = (ms: number) => (ms * 1000).toFixed(1).padStart(7);
  const rawTotal = median(samples["raw fetch"]!.map((s) => s[3]!));
  console.log(`${operation}, ${latencyMs} ms latency, ${calls} calls each (medians, µs)`);
  console.log(`${"client".padEnd(40)} before   in fetch   after    whole   over raw   ÷ raw`);
  for (const name of names) {
    const column = (j: number) => median(samples[name]!.map((s) => s[j]!));
    const whole = column(3);
    console.log(
      `${name.padEnd(40)}${us(column(0))}${us(column(1))}  ${us(column(2))}${us(whole)}  ${us(whole - rawTotal)}   ${(whole / rawTotal).toFixed(3)}`,
    );
  }
} finally {
  globalThis.fetch = networkFetch;
  await mock.close();
}
