// Child-process entry: the floor of any mock served through msw's `getResponse` — one trivial msw
// `http.get` handler answering bare node:http's constant body, behind the mock's own node:http
// adapter (started with startIpcChild). What msw's per-request machinery costs, measured, not assumed.
import { startMockServer } from "@keywarden/mock-server";
import { HttpResponse, http } from "msw";
import { BARE_BODY } from "./bare-http.js";
import { serveCommands } from "./ipc-child.js";

const server = await startMockServer({
  handlers: [http.get("*/floor", () => HttpResponse.json(BARE_BODY))],
  port: 0,
});
serveCommands(
  { url: `${server.url}/floor` },
  (command) => {
    throw new Error(`msw-floor-process takes no commands (got ${command.type})`);
  },
  () => server.close(),
);
