// Child-process entry of server-cpu.ts: the standalone mock seeded as the bench's mock-process seeds
// it, or bench's bare node:http floor, answering `cpu` (its process.cpuUsage) over IPC.
//
//   node --conditions=source --import tsx server-cpu-child.ts mock [path/to/mock-server/src/index.ts]
//   node --conditions=source --import tsx server-cpu-child.ts bare
import { pathToFileURL } from "node:url";
import { startBareServer } from "../../../../bench/src/servers/bare-http.js";
import { serveCommands } from "../../../../bench/src/servers/ipc-child.js";

/** What server-cpu.ts needs to call a child. */
export interface ServerInfo {
  url: string;
  token: string;
  apiKey: string;
  keyId: number;
}

const API_KEY = "benchmark-secret-benchmark-secret-benchmark";

async function startMock(entry: string | undefined): Promise<{ info: ServerInfo; close(): Promise<void> }> {
  // another copy of the package (the code before a change) when a path is given
  const mockServer = (await import(
    entry ? pathToFileURL(entry).href : "../../src/index.js"
  )) as typeof import("../../src/index.js");
  const mock = mockServer.createKeyServiceMock({
    keyLimit: 100_000,
    admin: true,
    seed: {
      keys: [
        {
          owner: "admin",
          name: "bench-key",
          secret: API_KEY,
          allowedIp: [],
          expiresAt: "2099-01-01T00:00:00Z",
        },
        ...Array.from({ length: 40 }, (_, index) => ({ owner: "admin", name: `listed-${index}` })),
      ],
    },
  });
  const server = await mockServer.startMockServer({ handlers: mock.handlers, port: 0 });
  const login = await fetch(`${server.url}/api/authenticate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });
  const token = ((await login.json()) as { id_token: string }).id_token;
  const list = await fetch(`${server.url}/api/api-keys?size=1&sort=id,asc`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const keyId = ((await list.json()) as Array<{ id: number }>)[0]!.id;
  return { info: { url: server.url, token, apiKey: API_KEY, keyId }, close: () => server.close() };
}

const [kind, entry] = process.argv.slice(2);
const server =
  kind === "bare"
    ? await startBareServer().then((bare) => ({
        info: { url: bare.url, token: "", apiKey: "", keyId: 1 },
        close: bare.close,
      }))
    : await startMock(entry);
serveCommands(
  server.info,
  (command) => {
    if (command.type !== "cpu") throw new Error(`server-cpu-child takes "cpu" (got ${command.type})`);
    return process.cpuUsage();
  },
  () => server.close(),
);
