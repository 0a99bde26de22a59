// The standalone mock as the benchmarks seed it: one API key with a known secret, forty listed keys,
// and a JWT for admin. Shared by the bench's mock child and the mock's server-CPU tool, which may pass
// another copy of the package (the code before a change) to compare in the same run.
import type { createKeyServiceMock, startMockServer } from "@keywarden/mock-server";

/** What the benchmark needs to call the mock. */
export interface MockServerInfo {
  url: string;
  token: string;
  apiKey: string;
  keyId: number;
}

/** The parts of `@keywarden/mock-server` used here (of this workspace's copy or another). */
export interface MockServerModule {
  createKeyServiceMock: typeof createKeyServiceMock;
  startMockServer: typeof startMockServer;
}

/** The secret of the seeded API key. */
export const BENCH_API_KEY = "benchmark-secret-benchmark-secret-benchmark";

/** The keys every benchmarked mock holds: one API key with a known secret, forty listed keys. */
export const BENCH_SEED = {
  keyLimit: 100_000,
  seed: {
    keys: [
      {
        owner: "admin",
        name: "bench-key",
        secret: BENCH_API_KEY,
        allowedIp: [],
        expiresAt: "2099-01-01T00:00:00Z",
      },
      ...Array.from({ length: 40 }, (_, index) => ({ owner: "admin", name: `listed-${index}` })),
    ],
  },
};

/** Starts the seeded mock on a free loopback port and logs in as admin. */
export async function startSeededMock(
  mockServer: MockServerModule,
): Promise<{ info: MockServerInfo; close(): Promise<void> }> {
  // admin: the SDK suite injects latency through /__mock/faults (loopback only)
  const mock = mockServer.createKeyServiceMock({ ...BENCH_SEED, admin: true });
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
  return { info: { url: server.url, token, apiKey: BENCH_API_KEY, keyId }, close: () => server.close() };
}
