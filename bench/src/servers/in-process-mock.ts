// Child-process entry: the key-service mock in-process, as test suites use it (msw's setupServer
// patching fetch), beside one trivial msw handler answering bare node:http's constant body (the
// floor: what msw's interception costs whatever the handler does). Started with startIpcChild.
import { createKeyServiceMock } from "@keywarden/mock-server";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { BARE_BODY } from "./bare-http.js";
import { serveCommands } from "./ipc-child.js";
import { BENCH_API_KEY, BENCH_SEED } from "./seeded-mock.js";

const ORIGIN = "http://utm.test";
const mock = createKeyServiceMock(BENCH_SEED);
const floor = http.get("http://floor.test/", () => HttpResponse.json(BARE_BODY));
const server = setupServer(floor, ...mock.handlers);
server.listen({ onUnhandledRequest: "error" });

const login = await fetch(`${ORIGIN}/api/authenticate`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ username: "admin", password: "admin" }),
});
const token = ((await login.json()) as { id_token: string }).id_token;
const jwt = { authorization: `Bearer ${token}` };

/** The calls measured, each a complete request and a read body. */
const CALLS: Record<string, () => Promise<Response>> = {
  "msw floor (trivial handler)": () => fetch("http://floor.test/"),
  "GET /api/api-keys/{id}": () => fetch(`${ORIGIN}/api/api-keys/1`, { headers: jwt }),
  "API-key authenticated GET": () =>
    fetch(`${ORIGIN}/api/api-keys/1`, { headers: { authorization: `Bearer ${BENCH_API_KEY}` } }),
  "search, 3 filters": () =>
    fetch(`${ORIGIN}/api/elasticsearch/search?page=1&size=25&top=1000&indexPattern=alert-*`, {
      method: "POST",
      headers: { ...jwt, "content-type": "application/json" },
      body: JSON.stringify([
        { field: "status", operator: "IS", value: 2 },
        { field: "tags", operator: "IS_NOT", value: "False positive" },
        { field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] },
      ]),
    }),
};

async function call(name: string): Promise<void> {
  const response = await CALLS[name]!();
  if (!response.ok) throw new Error(`${name}: ${response.status}`);
  await response.arrayBuffer();
}

/** Per round, ms per call of each call; the calls take turns call by call, so load hits all alike. */
async function time(rounds: number, calls: number): Promise<Record<string, number[]>> {
  const names = Object.keys(CALLS);
  for (let i = 0; i < 300; i++) for (const name of names) await call(name);
  const out: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const spent: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
    for (let i = 0; i < calls; i++) {
      for (const name of names) {
        const started = performance.now();
        await call(name);
        spent[name]! += performance.now() - started;
      }
    }
    for (const name of names) out[name]!.push(spent[name]! / calls);
  }
  return out;
}

serveCommands(
  {},
  async (command) => {
    if (command.type !== "time") throw new Error(`in-process-mock takes "time" (got ${command.type})`);
    return time(Number(command.rounds), Number(command.calls));
  },
  async () => server.close(),
);
