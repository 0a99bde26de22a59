// Child-process entry: the standalone mock, seeded for benchmarks (started with startIpcChild).
import * as mockServer from "@keywarden/mock-server";
import { serveCommands } from "./ipc-child.js";
import { startSeededMock } from "./seeded-mock.js";

export type { MockServerInfo } from "./seeded-mock.js";

const server = await startSeededMock(mockServer);
serveCommands(
  server.info,
  (command) => {
    throw new Error(`mock-process takes no commands (got ${command.type})`);
  },
  () => server.close(),
);
