// Child-process entry: the standalone mock, seeded for benchmarks (started with startIpcChild).
import { createKeyServiceMock, startMockServer } from "@keywarden/mock-server";
import { serveCommands } from "./ipc-child.js";

/** What the benchmark needs to call the mock. */
export interface MockServerInfo {
  url: string;
  token: string;
  apiKey: string;
  keyId: number;
}

const apiKey = "benchmark-secret-benchmark-secret-benchmark";
const mock = createKeyServiceMock({
  keyLimit: 100_000,
  // the SDK suite injects latency through /__mock/faults (loopback only)
  admin: true,
  seed: {
    keys: [
      { owner: "admin", name: "bench-key", secret: apiKey, allowedIp: [], expiresAt: "2099-01-01T00:00:00Z" },
      ...Array.from({ length: 40 }, (_, index) => ({ owner: "admin", name: `listed-${index}` })),
    ],
  },
});
const server = await startMockServer({ handlers: mock.handlers, port: 0 });
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
const info: MockServerInfo = { url: server.url, token, apiKey, keyId };
serveCommands(
  info,
  (command) => {
    throw new Error(`mock-process takes no commands (got ${command.type})`);
  },
  () => server.close(),
);
