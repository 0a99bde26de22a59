// The SDK's own CPU per call with the network taken out: each call builds the `Request` Node's fetch
// would build from (url, init), and is answered at once by a canned `Response`, so what is left is what
// the SDK adds around `fetch`, compared with the same Request + Response + json() alone.
// Not a test: a quick loop for performance work.
//
//   node --conditions=source --import tsx packages/sdk/test/perf/sdk-work.ts [calls]
import { createKeywardenClient } from "../../src/index.js";
import { searchParams, cpuPerCall as timeCalls } from "./cpu-per-call.js";

const calls = Number(process.argv[2] ?? 20_000);
const key = JSON.stringify({
  id: 7,
  name: "bench-key",
  allowedIp: [],
  createdAt: "2026-01-01T00:00:00Z",
  expiresAt: "2099-01-01T00:00:00Z",
  generatedAt: "2026-01-02T00:00:00Z",
  status: "ACTIVE",
  expiry: "VALID",
});
const docs = JSON.stringify(
  Array.from({ length: 25 }, (_, i) => ({ id: `doc-${i}`, status: 2, "@timestamp": "2026-01-01T00:00:00Z" })),
);
const answer = (url: string) =>
  url.includes("search")
    ? new Response(docs, {
        headers: {
          "content-type": "application/json",
          "x-total-count": "1000",
          link: '<http://x/api/elasticsearch/search?page=2&size=25>; rel="next",<http://x/api/elasticsearch/search?page=40&size=25>; rel="last"',
        },
      })
    : new Response(key, { headers: { "content-type": "application/json" } });
// Node's fetch builds a Request from (url, init) first: so does this one, as that cost depends on the init.
const fakeFetch = async (url: string, init?: RequestInit) => answer(new Request(url, init).url);
const sdk = createKeywardenClient({ baseUrl: "http://127.0.0.1:1", auth: { token: "t" }, fetch: fakeFetch });
const noTimeout = createKeywardenClient({
  baseUrl: "http://127.0.0.1:1",
  auth: { token: "t" },
  fetch: fakeFetch,
  timeoutMs: 0,
});
const headers = { authorization: "Bearer t" };

const cases: Record<string, () => Promise<unknown>> = {
  "baseline get (Request, Response, json)": async () =>
    (await fakeFetch("http://127.0.0.1:1/api/api-keys/7", { headers })).json(),
  "sdk apiKeys.get": () => sdk.apiKeys.get(7),
  "sdk apiKeys.get, timeoutMs 0": () => noTimeout.apiKeys.get(7),
  "baseline search (Request, Response, json)": async () =>
    (
      await fakeFetch("http://127.0.0.1:1/api/elasticsearch/search?page=1", {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: "[]",
      })
    ).json(),
  "sdk search": () => sdk.search(searchParams()),
  "sdk search, timeoutMs 0": () => noTimeout.search(searchParams()),
};

const cpuPerCall = (call: () => Promise<unknown>, count: number) => timeCalls(call, count, "all");

for (const call of Object.values(cases)) await cpuPerCall(call, 2000);
const results: Record<string, number[]> = {};
for (let round = 0; round < 5; round++) {
  for (const [name, call] of Object.entries(cases)) {
    results[name] = [...(results[name] ?? []), await cpuPerCall(call, calls / 5)];
  }
}
for (const [name, values] of Object.entries(results)) {
  const sorted = values.sort((a, b) => a - b);
  console.log(`${name.padEnd(44)} ${sorted[2]!.toFixed(1)} µs/call (min ${sorted[0]!.toFixed(1)})`);
}
