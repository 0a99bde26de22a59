/**
 * A rotation against a service that stalls retries and then needs attention, in seconds, instead of
 * hanging on a request (a Vault that accepted and never answered once held a rotation for 600 s).
 * The rotator is started as `worker` starts it (loadConfig → startRotatorFromConfig), in front of
 * the standalone mock a proxy that stalls chosen requests.
 */
import { createKeywardenClient } from "@keywarden/sdk";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  forwardTo,
  type Handler,
  neverAnswer,
  stallAfterHeaders,
  startServer,
  type TestServer,
} from "../../../vault/test/support/servers.js";
import { loadConfig } from "../../src/config.js";
import type { RotatorRuntime } from "../../src/runtime.js";
import { startRotatorFromConfig } from "../../src/wiring.js";
import { eventually, isolatedRedis } from "../support/redis.js";
import { mockOverSocketForFile } from "../support/socket-mock.js";

const SECRET = "billing-secret-000000000000000000000000000";
const mock = mockOverSocketForFile([{ name: "billing", secret: SECRET, expiresInDays: 2 }]);

/** Which requests the proxy stalls, and how; everything else reaches the mock. */
let stall: { matches: (method: string, path: string) => boolean; how: Handler } | undefined;
let proxy: TestServer;
beforeAll(async () => {
  const forward = forwardTo(mock.url);
  proxy = await startServer((req, body, res) =>
    stall?.matches(req.method ?? "", req.url ?? "") ? stall.how(req, body, res) : forward(req, body, res),
  );
});
afterAll(() => proxy?.close());

let runtime: RotatorRuntime | undefined;
let redis: ReturnType<typeof isolatedRedis> | undefined;
afterEach(async () => {
  stall = undefined;
  await runtime?.stop(2_000);
  await runtime?.queues.rotations.obliterate({ force: true }).catch(() => undefined);
  runtime = undefined;
  await redis?.cleanup();
  redis = undefined;
});

async function rotateThroughProxy() {
  redis = isolatedRedis();
  const config = loadConfig({
    KEYWARDEN_URL: proxy.url,
    KEYWARDEN_USERNAME: "admin",
    KEYWARDEN_PASSWORD: "admin",
    VAULT_ADDR: proxy.url,
    VAULT_TOKEN: "root",
    KEYWARDEN_QUEUE_PREFIX: redis.prefix,
    KEYWARDEN_SCHEDULE: "0 0 1 1 *",
    KEYWARDEN_ATTEMPTS: "2",
    KEYWARDEN_BACKOFF: "50ms",
    KEYWARDEN_CONNECT_TIMEOUT: "300ms",
    KEYWARDEN_REQUEST_TIMEOUT: "300ms",
  });
  const started = await startRotatorFromConfig(config, {
    connection: redis.connection,
    logger: pino({ level: "silent" }),
    schedule: false,
  });
  runtime = started.runtime;
  const began = performance.now();
  expect(await runtime.scanNow()).toMatchObject({ due: 1 });
  const [job] = await eventually(
    () => runtime!.queues.rotations.getFailed(),
    (jobs) => jobs.length === 1,
    20_000,
  );
  return { job, seconds: (performance.now() - began) / 1000 };
}

async function oldKeyWorks(): Promise<boolean> {
  const sdk = createKeywardenClient({ baseUrl: mock.url(), auth: { username: "admin", password: "admin" } });
  return sdk.apiKeys.verify(SECRET);
}

describe("a rotation against a stalling service ends in needs-attention, not a hang", () => {
  it("Vault accepts every request and never answers", async () => {
    stall = { matches: (_method, path) => path.startsWith("/v1/"), how: neverAnswer };
    const { job, seconds } = await rotateThroughProxy();
    expect(job?.attemptsMade).toBe(2);
    expect(job?.failedReason).toMatch(
      /^needs-attention: gave up after 2 attempts: .*Vault .*: no complete answer within the 300 ms request deadline/,
    );
    expect(seconds).toBeLessThan(15);
    expect(await oldKeyWorks()).toBe(true);
  });

  it("the key service sends the headers of its answer to the successor's creation, then stalls", async () => {
    stall = {
      matches: (method, path) => method === "POST" && path === "/api/api-keys",
      how: stallAfterHeaders,
    };
    const { job, seconds } = await rotateThroughProxy();
    expect(job?.attemptsMade).toBe(2);
    expect(job?.failedReason).toMatch(
      /^needs-attention: gave up after 2 attempts: create key "billing~next": .*300 ms request deadline/,
    );
    expect(seconds).toBeLessThan(15);
    expect(await oldKeyWorks()).toBe(true);
    const names: string[] = [];
    const sdk = createKeywardenClient({
      baseUrl: mock.url(),
      auth: { username: "admin", password: "admin" },
    });
    for await (const key of sdk.apiKeys.list()) names.push(key.name);
    expect(names).toEqual(["billing"]);
  });
});
