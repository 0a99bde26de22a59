/**
 * Every call the rotator makes has a deadline: a server that accepts and never answers, or that
 * sends its headers and then stalls the body, costs a call its deadline (300 ms here), never more.
 * The deadlines come from the settings (`KEYWARDEN_CONNECT_TIMEOUT`, `KEYWARDEN_REQUEST_TIMEOUT`).
 */
import { createKeywardenClient } from "@keywarden/sdk";
import type { HttpStack } from "@keywarden/vault";
import { createVaultClient } from "@keywarden/vault";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Handler,
  neverAnswer,
  stallAfterHeaders,
  startServer,
  startSilentServer,
  type TestServer,
} from "../../../vault/test/support/servers.js";
import { loadConfig } from "../../src/config.js";
import { httpStackFromConfig } from "../../src/http/from-config.js";
import { servicesFromConfig } from "../../src/wiring.js";
import { eventually } from "../support/redis.js";

const settings = (url: string, deadlines: { connect: string; request: string }) => ({
  KEYWARDEN_URL: url,
  KEYWARDEN_API_KEY: "kw-api-key",
  VAULT_ADDR: url,
  VAULT_TOKEN: "root",
  KEYWARDEN_CONNECT_TIMEOUT: deadlines.connect,
  KEYWARDEN_REQUEST_TIMEOUT: deadlines.request,
});
const SHORT = { connect: "300ms", request: "300ms" };
const silent = pino({ level: "silent" });

/**
 * Stalls every request but the Vault client's first (its token lookup, answered so that the KV call
 * itself is sent), counting the stalled requests and those whose connection has closed since.
 */
function stalling(stall: Handler) {
  const count = { stalled: 0, closed: 0 };
  const handler: Handler = (req, body, res) => {
    if (req.url === "/v1/auth/token/lookup-self") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"data":{"ttl":0}}');
      return;
    }
    count.stalled++;
    req.socket.once("close", () => count.closed++);
    return stall(req, body, res);
  };
  return { handler, count };
}

/** The kinds of call a rotation makes, each alone (no retry) over the configured stack. */
const calls: Record<string, (url: string, stack: HttpStack) => Promise<unknown>> = {
  "a key-service call through the SDK": (url, { fetch }) =>
    createKeywardenClient({ baseUrl: url, auth: { apiKey: "kw-api-key" }, fetch, retry: false }).apiKeys.get(
      1,
    ),
  "a Vault read": (url, { fetch }) =>
    createVaultClient({ address: url, token: "root", fetch, retry: { maxAttempts: 1 } }).kv.read(
      "keywarden/app",
    ),
  "a Vault write": (url, { fetch }) =>
    createVaultClient({ address: url, token: "root", fetch }).kv.write("keywarden/app", { api_key: "new" }),
  "a verification probe": (url, { fetch }) =>
    createKeywardenClient({
      baseUrl: url,
      auth: { apiKey: "the-new-key", header: "x-api-key" },
      fetch,
      retry: false,
    }).apiKeys.get(7),
};

async function timed(call: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await call.then(
    () => new Error("the call succeeded"),
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe.each([
  { server: "accepts and never answers", stall: neverAnswer },
  { server: "sends its headers, then stalls the body", stall: stallAfterHeaders },
])("a server that $server", ({ stall }) => {
  const { handler, count } = stalling(stall);
  let server: TestServer;
  let stack: HttpStack;
  beforeAll(async () => {
    server = await startServer(handler);
    stack = httpStackFromConfig(loadConfig(settings(server.url, SHORT)));
  });
  afterAll(async () => {
    await stack.close();
    await server.close();
  });

  it.each(Object.keys(calls))("%s fails at its deadline, and the connection is closed", async (name) => {
    const { error, ms } = await timed(calls[name]!(server.url, stack));
    expect((error as Error).message).toMatch(/no complete answer within the 300 ms request deadline/);
    expect(ms).toBeLessThan(1_000);
    // aborted, not abandoned: the server sees the stalled request's connection go
    await eventually(
      async () => ({ ...count }),
      ({ stalled, closed }) => stalled > 0 && closed === stalled,
      2_000,
    );
  });

  it("so do the rotation's own calls through the production wiring (create a key, store a secret)", async () => {
    const services = servicesFromConfig(loadConfig(settings(server.url, SHORT)), silent);
    const create = await timed(
      services.keys.createKey({
        name: "billing~next",
        allowedIp: [],
        description: null,
        expiresAt: null,
        authorizationGroup: null,
      }),
    );
    expect(create.ms).toBeLessThan(1_000);
    expect((create.error as Error).name).toBe("TransientError");
    const store = await timed(services.secrets.write("keywarden/billing", { api_key: "new" }, 0));
    expect(store.ms).toBeLessThan(1_000);
    expect((store.error as Error).message).toMatch(/300 ms request deadline/);
  });
});

describe("a server that accepts the connection and never completes the TLS handshake", () => {
  it("costs the connect deadline, even with a long request deadline", async () => {
    const server = await startSilentServer();
    const stack = httpStackFromConfig(loadConfig(settings(server.url, { connect: "300ms", request: "5s" })));
    try {
      const { error, ms } = await timed(calls["a Vault read"]!(server.url, stack));
      expect((error as Error).message).toMatch(/no answer \(UND_ERR_CONNECT_TIMEOUT\)/);
      expect(ms).toBeLessThan(1_000);
    } finally {
      await stack.close();
      await server.close();
    }
  });
});
