// Child-process entry of server-cpu.ts: the standalone mock seeded as the bench's mock-process seeds
// it, or bench's bare node:http floor, answering `cpu` (its process.cpuUsage) over IPC.
//
//   node --conditions=source --import tsx server-cpu-child.ts mock [path/to/mock-server/src/index.ts]
//   node --conditions=source --import tsx server-cpu-child.ts bare
import { pathToFileURL } from "node:url";
import { startBareServer } from "../../../../bench/src/servers/bare-http.js";
import { serveCommands } from "../../../../bench/src/servers/ipc-child.js";
import { type MockServerInfo, startSeededMock } from "../../../../bench/src/servers/seeded-mock.js";

/** What server-cpu.ts needs to call a child. */
export type ServerInfo = MockServerInfo;

/** The seeded mock of this package, or of another copy (the code before a change) when a path is given. */
async function startMock(entry: string | undefined) {
  const mockServer = (await import(
    entry ? pathToFileURL(entry).href : "../../src/index.js"
  )) as typeof import("../../src/index.js");
  return startSeededMock(mockServer);
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
