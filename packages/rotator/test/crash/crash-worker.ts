/**
 * A rotator worker process for the crash tests: SDK + Vault client against the standalone mock,
 * real Redis under the test's prefix. The tests SIGKILL it mid-step and start another.
 * Env: MOCK_URL, REDIS_URL, QUEUE_PREFIX, GRACE_MS.
 */
import { createKeywardenClient } from "@keywarden/sdk";
import pino from "pino";
import { allowedIpCheck } from "../../src/adapters/address-check.js";
import { createKeyServiceAdapter } from "../../src/adapters/key-service.js";
import { createVaultStore } from "../../src/adapters/vault-store.js";
import { createRedisConnection } from "../../src/queue/connection.js";
import { startRotator } from "../../src/runtime.js";
import { createVaultClient } from "../../src/vault/index.js";
import { CRASH_JOB_POLICY } from "./job-policy.js";

const env = process.env;
const url = env.MOCK_URL as string;
const sdk = createKeywardenClient({
  baseUrl: url,
  auth: { username: "admin", password: "admin" },
  timeoutMs: 10_000,
});
const vault = createVaultClient({ address: url, token: "root", retry: { maxAttempts: 2, baseDelayMs: 20 } });
const connection = createRedisConnection(env.REDIS_URL ?? "redis://127.0.0.1:6379");
connection.on("error", () => {});
const runtime = await startRotator({
  services: {
    keys: createKeyServiceAdapter(sdk, {
      probeClient: (secret) =>
        createKeywardenClient({ baseUrl: url, auth: { apiKey: secret }, timeoutMs: 10_000 }),
    }),
    secrets: createVaultStore(vault),
    settings: {
      rotateWithin: 7 * 86_400_000,
      gracePeriod: Number(env.GRACE_MS ?? 0),
      pathTemplate: "keywarden/{name}",
      rules: [],
    },
    canAuthenticateFrom: allowedIpCheck("127.0.0.1"),
  },
  connection,
  prefix: env.QUEUE_PREFIX as string,
  logger: pino({ level: env.LOG_LEVEL ?? "silent" }, pino.destination(2)),
  concurrency: Number(env.CONCURRENCY ?? 2),
  jobPolicy: CRASH_JOB_POLICY,
  lockDurationMs: 1_500,
  stalledIntervalMs: 500,
  // A killed worker's claim must lapse quickly for its successor to resume within the test.
  leaseTtlMs: 4_000,
});
runtime.rotationWorker.on("error", () => {});
await runtime.rotationWorker.waitUntilReady();
process.stdout.write("ready\n");
const stop = async () => {
  await runtime.stop(5_000);
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
