// Server CPU per request of the bench's 3-filter search (`pnpm bench mock-throughput`), measured in
// the server process itself (process.cpuUsage), so a busy machine skews it far less than req/s.
// Not a test: run it by hand from the repository root.
//
//   node --conditions=source --import tsx packages/mock-server/test/perf/search-cpu.ts \
//     [--requests 20000] [--rounds 5] [--connections 10] [--against DIR] [--cpu-prof DIR]
//
// --against DIR  also serves from another copy of packages/mock-server (its node_modules linked to
//                this one's), the two taking turns round by round, e.g. the commit before a change:
//                  mkdir -p /tmp/before && git archive HEAD~1 packages/mock-server | tar -x -C /tmp/before
//                  ln -s "$PWD/packages/mock-server/node_modules" /tmp/before/packages/mock-server/
//                  ... --against /tmp/before/packages/mock-server
// --cpu-prof DIR each server runs under `node --cpu-prof` and writes its profile to DIR on exit.
//
// Each server is started as bench/src/servers/mock-process.ts starts it (default seed: 300 alerts)
// and answers the same request as the bench: POST /api/elasticsearch/search, 3 filters, a page of 25
// sorted by @timestamp desc, JWT-authenticated, over keep-alive connections.
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const SEARCH_BODY = JSON.stringify([
  { field: "status", operator: "IS", value: 2 },
  { field: "tags", operator: "IS_NOT", value: "False positive" },
  { field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] },
]);
const SEARCH_PATH =
  "/api/elasticsearch/search?page=1&size=25&top=1000&indexPattern=alert-*&sort=@timestamp,desc";
const OWN_PACKAGE = fileURLToPath(new URL("../..", import.meta.url));

interface Ready {
  url: string;
  token: string;
}

/** The server side: the standalone mock from `packageDir`, reporting its CPU time when asked. */
async function serve(packageDir: string): Promise<void> {
  const entry = new URL(`file://${packageDir.replace(/\/$/, "")}/src/index.ts`).href;
  const { createKeyServiceMock, startMockServer } = (await import(
    entry
  )) as typeof import("../../src/index.js");
  const mock = createKeyServiceMock({ keyLimit: 100_000 });
  const server = await startMockServer({ handlers: mock.handlers, port: 0 });
  const login = await fetch(`${server.url}/api/authenticate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });
  const { id_token: token } = (await login.json()) as { id_token: string };
  process.on("message", () => process.send?.(process.cpuUsage()));
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("disconnect", stop);
  process.send?.({ url: server.url, token } satisfies Ready);
}

interface Server {
  name: string;
  child: ChildProcess;
  ready: Ready;
  cpu(): Promise<NodeJS.CpuUsage>;
}

async function start(name: string, packageDir: string, profileDir: string | undefined): Promise<Server> {
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(
    process.execPath,
    [
      ...profile,
      "--conditions=source",
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      "--serve",
      packageDir,
    ],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
    child.once("message", (message) => resolve(message as Ready));
  });
  const cpu = () =>
    new Promise<NodeJS.CpuUsage>((resolve) => {
      child.once("message", (usage) => resolve(usage as NodeJS.CpuUsage));
      child.send("cpu");
    });
  return { name, child, ready, cpu };
}

/** Sends `count` searches over `connections` keep-alive connections; fails on any non-200. */
async function drive(server: Server, count: number, connections: number, agent: Agent): Promise<number> {
  const url = new URL(SEARCH_PATH, server.ready.url);
  const headers = {
    authorization: `Bearer ${server.ready.token}`,
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(SEARCH_BODY)),
  };
  let sent = 0;
  let bytes = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { method: "POST", headers, agent }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${server.name}: status ${res.statusCode}`));
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end(SEARCH_BODY);
    });
  const loop = async () => {
    while (sent < count) {
      sent++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return bytes / count;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      serve: { type: "string" },
      requests: { type: "string", default: "20000" },
      rounds: { type: "string", default: "5" },
      connections: { type: "string", default: "10" },
      against: { type: "string" },
      "cpu-prof": { type: "string" },
    },
  });
  if (values.serve) return serve(values.serve);
  const requests = Number(values.requests);
  const connections = Number(values.connections);
  const servers = [await start("this tree", OWN_PACKAGE, values["cpu-prof"])];
  if (values.against) servers.push(await start(values.against, values.against, values["cpu-prof"]));
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const perRequest = new Map<string, number[]>(servers.map((server) => [server.name, []]));
  try {
    for (const server of servers) await drive(server, Math.min(requests, 5000), connections, agent);
    for (let round = 0; round < Number(values.rounds); round++) {
      // take turns, so a change in the machine's load falls on every server alike
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        const before = await server.cpu();
        const started = performance.now();
        const bytes = await drive(server, requests, connections, agent);
        const seconds = (performance.now() - started) / 1000;
        const used = await server.cpu();
        const user = (used.user - before.user) / requests;
        const system = (used.system - before.system) / requests;
        const micros = user + system;
        perRequest.get(server.name)!.push(micros);
        console.log(
          `round ${round + 1} ${server.name}: ${micros.toFixed(1)} µs server CPU/request ` +
            `(user ${user.toFixed(1)}, system ${system.toFixed(1)}), ` +
            `${Math.round(requests / seconds)} req/s wall, ${Math.round(bytes)} B/answer`,
        );
      }
    }
  } finally {
    agent.destroy();
    for (const server of servers) server.child.kill("SIGTERM");
  }
  for (const [name, micros] of perRequest) {
    console.log(
      `${name}: median ${median(micros).toFixed(1)} µs server CPU per search ` +
        `(min ${Math.min(...micros).toFixed(1)}, max ${Math.max(...micros).toFixed(1)})`,
    );
  }
}

await main();
