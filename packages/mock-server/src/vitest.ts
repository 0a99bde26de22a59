import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createKeyServiceMock, type KeyServiceMock, type KeyServiceMockOptions } from "./key-service-mock.js";

/** A key-service mock plus the MSW server that serves it in this test file. */
export interface KeyServiceMockFixture extends KeyServiceMock {
  server: ReturnType<typeof setupServer>;
}

/**
 * Serves a key-service mock for the current vitest file: `server.listen()` before all tests
 * (unhandled requests fail, unless `listenOptions` say otherwise), `resetHandlers()` and `reset()`
 * after each, `close()` after all.
 * Create API clients inside tests or `beforeAll` hooks declared after this call, never at module
 * top level: MSW patches `fetch` in `listen()`, and clients capture `fetch` when created.
 * @example
 * const mock = useKeyServiceMock({ profile: "documented" });
 * it("logs in", async () => {
 *   const res = await fetch("http://utm.test/api/authenticate", { method: "POST", body: '{"username":"admin","password":"admin"}' });
 *   expect(res.status).toBe(200);
 * });
 */
export function useKeyServiceMock(
  options: KeyServiceMockOptions = {},
  listenOptions: Parameters<ReturnType<typeof setupServer>["listen"]>[0] = { onUnhandledRequest: "error" },
): KeyServiceMockFixture {
  const mock = createKeyServiceMock(options);
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen(listenOptions));
  afterEach(() => {
    server.resetHandlers();
    mock.reset();
  });
  afterAll(() => server.close());
  return { ...mock, server };
}
