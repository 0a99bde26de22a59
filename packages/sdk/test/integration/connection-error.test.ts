import { createServer } from "node:net";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ConnectionError, createKeywardenClient } from "../../src/index.js";

const API_KEY = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx";
const PASSWORD = "correct-horse-battery";

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Everything an error shows a log: message, stack, JSON and Node's inspection, causes included. */
const everything = (error: ConnectionError) =>
  error.message + error.stack + JSON.stringify(error) + inspect(error, { depth: 10 });

describe("a refused connection", () => {
  it("keeps the network error as the cause: its code, address and port", async () => {
    const port = await closedPort();
    const kw = createKeywardenClient({
      baseUrl: `http://127.0.0.1:${port}`,
      auth: { apiKey: API_KEY },
      retry: false,
    });
    const error = (await kw.apiKeys.get(3).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toBe(
      `GET /api/api-keys/3 failed without a response: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    // What Node's fetch threw, whole: "fetch failed", and in its own cause the socket's error.
    expect(error.cause).toBeInstanceOf(TypeError);
    expect((error.cause as Error).cause).toMatchObject({
      code: "ECONNREFUSED",
      syscall: "connect",
      address: "127.0.0.1",
      port,
    });
    expect(error.toJSON()).toMatchObject({ name: "ConnectionError", code: "ECONNREFUSED" });
    expect(everything(error)).not.toContain(API_KEY);
  });

  it("carries no credential when the login itself cannot connect", async () => {
    const port = await closedPort();
    const kw = createKeywardenClient({
      baseUrl: `http://127.0.0.1:${port}`,
      auth: { username: "admin", password: PASSWORD },
      retry: false,
    });
    const error = (await kw.apiKeys.list.page().catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.url).toBe(`http://127.0.0.1:${port}/api/authenticate`);
    expect(everything(error)).not.toContain(PASSWORD);
  });
});
