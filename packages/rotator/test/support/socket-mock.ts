import { createKeyServiceMock, type RunningMockServer, startMockServer } from "@keywarden/mock-server";
import { afterAll, beforeAll } from "vitest";

const DAY = 86_400_000;

/** A key the mock starts with, owned by `admin` (password `admin`), expiring `expiresInDays` from now. */
export interface SocketMockKey {
  name: string;
  secret: string;
  expiresInDays: number;
}

/**
 * The key service and Vault mock served over a real socket for the whole test file (started in
 * `beforeAll`, closed in `afterAll`), reached as an operator's rotator would reach them.
 * `url()` answers inside tests only.
 */
export function mockOverSocketForFile(keys: readonly SocketMockKey[]) {
  const mock = createKeyServiceMock({
    seed: {
      alertCount: 0,
      keys: keys.map((key) => ({
        owner: "admin",
        name: key.name,
        secret: key.secret,
        expiresAt: new Date(Date.now() + key.expiresInDays * DAY).toISOString(),
      })),
    },
  });
  let server: RunningMockServer | undefined;
  beforeAll(async () => {
    server = await startMockServer({ handlers: mock.handlers });
  });
  afterAll(() => server?.close());
  return {
    mock,
    url(): string {
      if (!server) throw new Error("the mock server runs only while the file's tests run");
      return server.url;
    },
  };
}
