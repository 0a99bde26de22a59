// Child-process entry: the bare node:http floor (started with startIpcChild).
import { startBareServer } from "./bare-http.js";
import { serveCommands } from "./ipc-child.js";

const server = await startBareServer();
serveCommands(
  { url: server.url },
  (command) => {
    throw new Error(`bare-process takes no commands (got ${command.type})`);
  },
  () => server.close(),
);
