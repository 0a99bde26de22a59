// Server CPU per request: the standalone mock vs bare node:http, each in a child process of its own
// (server-cpu-child.ts), loaded from here as the bench loads them (autocannon, 10 keep-alive connections). Not a test (no assertions, not
// picked up by vitest): a measuring tool for performance work. It reads the servers' own CPU time
// (process.cpuUsage over IPC, before and after each run), which a busy shared machine disturbs far
// less than the throughput autocannon sees.
//
//   node --conditions=source --import tsx packages/mock-server/test/perf/server-cpu.ts [requests] [rounds] [only]
//
// `requests` per server and round (default 5000), `rounds` (default 7), `only` a substring of the
// route names (`JWT`, `Utm-Api-Key`, `Bearer`, `list`) to measure only those. BEFORE=/path/to/other/
// packages/mock-server/src/index.ts adds that copy as "mock before", measured in the same rounds (a
// copy of the package needs a node_modules beside it: a symlink to this package's is enough).
// PROF=<dir> starts the mocks with --cpu-prof, writing their profiles to <dir> when they exit.
import { createRequire } from "node:module";
import { type IpcChild, startIpcChild } from "../../../../bench/src/servers/ipc-child.js";
import type { ServerInfo } from "./server-cpu-child.js";

const requestsPerRound = Number(process.argv[2] ?? 5000);
const rounds = Number(process.argv[3] ?? 7);
const only = process.argv[4];
const CONNECTIONS = 10;

// the bench's own load generator, from the bench's dependencies (this package does not depend on it)
const autocannon = createRequire(new URL("../../../../bench/package.json", import.meta.url))(
  "autocannon",
) as (options: {
  url: string;
  headers: Record<string, string>;
  connections: number;
  amount: number;
}) => Promise<{ non2xx: number; errors: number; timeouts: number }>;

interface Route {
  name: string;
  path: (info: ServerInfo) => string;
  headers: (info: ServerInfo) => Record<string, string>;
}

const ROUTES: Route[] = [
  {
    name: "GET by id, JWT",
    path: (info) => `/api/api-keys/${info.keyId}`,
    headers: (info) => ({ authorization: `Bearer ${info.token}` }),
  },
  {
    name: "API-key GET, Utm-Api-Key",
    path: (info) => `/api/api-keys/${info.keyId}`,
    headers: (info) => ({ "utm-api-key": info.apiKey }),
  },
  {
    // how the bench's mock-throughput sends its API key
    name: "API-key GET, Bearer",
    path: (info) => `/api/api-keys/${info.keyId}`,
    headers: (info) => ({ authorization: `Bearer ${info.apiKey}` }),
  },
  {
    name: "list page (size 20), JWT",
    path: () => "/api/api-keys?page=0&size=20",
    headers: (info) => ({ authorization: `Bearer ${info.token}` }),
  },
];

const child = new URL("./server-cpu-child.ts", import.meta.url);
const profiling = process.env.PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PROF}`] : [];
const servers: Record<string, IpcChild<ServerInfo>> = {
  bare: await startIpcChild<ServerInfo>(child, { args: ["bare"] }),
  mock: await startIpcChild<ServerInfo>(child, { args: ["mock"], nodeArgs: profiling }),
};
if (process.env.BEFORE) {
  servers["mock before"] = await startIpcChild<ServerInfo>(child, {
    args: ["mock", process.env.BEFORE],
    nodeArgs: profiling,
  });
}

/** Sends `count` requests over `CONNECTIONS` keep-alive connections, as the bench does (autocannon). */
async function drive(info: ServerInfo, route: Route, count: number): Promise<void> {
  const result = await autocannon({
    url: `${info.url}${route.path(info)}`,
    headers: route.headers(info),
    connections: CONNECTIONS,
    amount: count,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${route.name}: ${failed} of ${count} requests failed`);
}

interface CpuSample {
  user: number;
  all: number;
}

/** The server's CPU µs per request over `count` requests of `route`. */
async function serverCpu(server: IpcChild<ServerInfo>, route: Route, count: number): Promise<CpuSample> {
  const before = await server.request<NodeJS.CpuUsage>({ type: "cpu" });
  await drive(server.info, route, count);
  const after = await server.request<NodeJS.CpuUsage>({ type: "cpu" });
  const user = after.user - before.user;
  return { user: user / count, all: (user + after.system - before.system) / count };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const names = Object.keys(servers);
try {
  for (const route of ROUTES) {
    if (only && !route.name.includes(only)) continue;
    // warm up JIT and sockets
    for (const name of names) await serverCpu(servers[name]!, route, 2000);
    const samples: Record<string, CpuSample[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
      for (const name of order) {
        samples[name]!.push(await serverCpu(servers[name]!, route, requestsPerRound));
      }
    }
    // ratios to bare are paired by round (same machine conditions), then the median of them taken
    const bare = samples.bare!;
    const line = names
      .map((name) => {
        const all = samples[name]!.map((sample) => sample.all);
        const user = median(samples[name]!.map((sample) => sample.user));
        const share = median(all.map((value, r) => bare[r]!.all / value));
        return `${name} ${median(all).toFixed(1)} µs (user ${user.toFixed(1)}; bare ÷ it ${(100 * share).toFixed(0)}%)`;
      })
      .join(" | ");
    const before = samples["mock before"];
    const change = before
      ? `; mock ÷ mock before ${median(samples.mock!.map((sample, r) => sample.all / before[r]!.all)).toFixed(3)}`
      : "";
    console.log(`${route.name}: ${line}  [${rounds}×${requestsPerRound}${change}]`);
  }
} finally {
  await Promise.all(Object.values(servers).map((server) => server.close()));
}
