import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createKeyServiceMock, startMockServer } from "@keywarden/mock-server";
import { createKeywardenClient } from "@keywarden/sdk";
import { createVaultClient } from "@keywarden/vault";
import { http } from "msw";
import { createKeyServiceAdapter } from "../../src/adapters/key-service.js";
import { openQueues } from "../../src/queue/queues.js";
import { scanAndEnqueue } from "../../src/queue/scan.js";
import { appViewOverHttp, snapshotOverHttp } from "../support/http-snapshot.js";
import { eventually, isolatedRedis, REDIS_URL } from "../support/redis.js";
import { CRASH_JOB_POLICY } from "./job-policy.js";

const DAY = 86_400_000;
const WORKER = fileURLToPath(new URL("./crash-worker.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

/**
 * The standalone mock (key service + Vault on one real socket), due keys seeded with their secrets
 * in Vault, a queue on real Redis, and rotator worker processes that tests start and SIGKILL.
 */
export async function standaloneWorld(
  names: readonly string[],
  options: { graceMs?: number; redisUrl?: string } = {},
) {
  const secrets = new Map(names.map((name) => [name, `${name}-secret-`.padEnd(43, "0")]));
  const mock = createKeyServiceMock({
    keyLimit: 1_000,
    seed: {
      alertCount: 0,
      keys: names.map((name) => ({
        owner: "admin",
        name,
        secret: secrets.get(name),
        expiresAt: new Date(Date.now() + 2 * DAY).toISOString(),
      })),
    },
  });
  const arrivals: string[] = [];
  const spy = http.all("*", ({ request }) => {
    arrivals.push(`${request.method} ${new URL(request.url).pathname}`);
    return undefined;
  });
  const server = await startMockServer({ handlers: [spy, ...mock.handlers] });
  const sdk = createKeywardenClient({
    baseUrl: server.url,
    auth: { username: "admin", password: "admin" },
    retry: false,
  });
  const vault = createVaultClient({ address: server.url, token: "root" });
  const ids = new Map<string, string>();
  for await (const key of sdk.apiKeys.list()) ids.set(key.name, String(key.id));
  for (const name of names) {
    await vault.kv.write(`keywarden/${name}`, { api_key: secrets.get(name), key_id: ids.get(name), name });
  }

  const redisUrl = options.redisUrl ?? REDIS_URL;
  const redis = isolatedRedis(redisUrl);
  const queues = openQueues({
    connection: redis.connection,
    prefix: redis.prefix,
    jobPolicy: CRASH_JOB_POLICY,
  });
  // Redis may be restarted on purpose: reconnects are expected, not errors to print.
  redis.connection.on("error", () => {});
  queues.rotations.on("error", () => {});
  queues.scans.on("error", () => {});
  const children = new Set<ChildProcess>();

  /** Starts a rotator worker process; resolves once it takes jobs. */
  async function startWorker(extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--conditions=source", "--import", TSX, WORKER], {
      // The settings an operator would give `keywarden-rotator worker`.
      env: {
        ...process.env,
        KEYWARDEN_URL: server.url,
        KEYWARDEN_USERNAME: "admin",
        KEYWARDEN_PASSWORD: "admin",
        VAULT_ADDR: server.url,
        VAULT_TOKEN: "root",
        REDIS_URL: redisUrl,
        KEYWARDEN_QUEUE_PREFIX: redis.prefix,
        KEYWARDEN_GRACE_PERIOD: `${options.graceMs ?? 0}ms`,
        KEYWARDEN_ATTEMPTS: String(CRASH_JOB_POLICY.attempts),
        KEYWARDEN_BACKOFF: `${CRASH_JOB_POLICY.backoffMs}ms`,
        KEYWARDEN_CONCURRENCY: "2",
        // A killed worker's claim must lapse quickly for its successor to resume within the test.
        KEYWARDEN_LEASE_TTL: "4s",
        // The lease must outlast a request's deadline (the latency faults hold requests 1.5 s).
        KEYWARDEN_CONNECT_TIMEOUT: "1s",
        KEYWARDEN_REQUEST_TIMEOUT: "3s",
        KEYWARDEN_METRICS_PORT: "0",
        KEYWARDEN_LOG_LEVEL: process.env.CRASH_WORKER_STDERR === "1" ? "info" : "silent",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", process.env.CRASH_WORKER_STDERR === "1" ? "inherit" : "ignore"],
    });
    children.add(child);
    child.once("exit", () => children.delete(child));
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        if (String(chunk).includes("ready")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
    });
    return child;
  }

  async function kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  return {
    mock,
    server,
    sdk,
    vault,
    ids,
    secrets,
    arrivals,
    queues,
    redis,
    startWorker,
    kill,
    scan: () =>
      scanAndEnqueue({
        keys: createKeyServiceAdapter(sdk),
        queue: queues.rotations,
        settings: { rotateWithin: 7 * DAY, gracePeriod: 0, pathTemplate: "keywarden/{name}", rules: [] },
        now: () => Date.now(),
      }),
    waitForArrival: (pattern: RegExp) =>
      eventually(async () => arrivals.some((line) => pattern.test(line)), Boolean, 20_000),
    waitForCompleted: (count: number) =>
      eventually(
        () => queues.rotations.getCompletedCount(),
        (done) => done >= count,
        30_000,
      ),
    snapshot: (name: string) => snapshotOverHttp(sdk, vault, name, ids.get(name) as string),
    appView: (name: string) => appViewOverHttp(sdk, vault, name),
    async close() {
      await Promise.all([...children].map(kill));
      await queues.rotations.obliterate({ force: true }).catch(() => undefined);
      await queues.close();
      await redis.cleanup();
      await server.close();
    },
  };
}
