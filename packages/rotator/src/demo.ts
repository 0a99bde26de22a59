/**
 * `pnpm demo`: the whole rotation in one command, with nothing to configure but a local Redis.
 * It starts the mock key service and the Vault emulation in this process on a loopback port, seeds
 * keys (some expiring soon), stores their secrets in Vault as ops would, then starts the rotator
 * exactly as `keywarden-rotator worker` does (settings → `loadConfig` → `startRotatorFromConfig`,
 * the production wiring), runs one scan under a Redis prefix of its own, shows progress, prints a
 * before/after table, cleans up and exits 0.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createKeyServiceMock, type KeySeed, startMockServer } from "@keywarden/mock-server";
import { createKeywardenClient } from "@keywarden/sdk";
import { createVaultClient } from "@keywarden/vault";
import { Webhook } from "standardwebhooks";
import { formatPlan } from "./cli/plan-table.js";
import { formatTable } from "./cli/table.js";
import { loadConfig } from "./config.js";
import { createLogger } from "./observability/logger.js";
import {
  assertRedisReachable,
  createRedisConnection,
  openRedisConnection,
  redactUrl,
} from "./queue/connection.js";
import type { RotationJobData, RotationJobResult } from "./queue/job-data.js";
import { planKey } from "./rotation/plan.js";
import { startRotatorFromConfig } from "./wiring.js";

const DAY = 86_400_000;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const DEMO_KEYS: { name: string; expiresIn: number; allowedIp?: string[] }[] = [
  { name: "billing-service", expiresIn: 2 * DAY },
  { name: "crm-sync", expiresIn: 5 * DAY, allowedIp: ["127.0.0.1", "10.0.0.0/8"] },
  { name: "nightly-report", expiresIn: -3_600_000 },
  { name: "partner-api", expiresIn: 20 * DAY },
  { name: "siem-forwarder", expiresIn: 90 * DAY },
];

function say(text = ""): void {
  process.stdout.write(`${text}\n`);
}

/**
 * What an app's webhook endpoint does: verify the signature (here with the `standardwebhooks`
 * package), drop a `webhook-id` already seen, answer at once, then reload the key from Vault.
 */
async function startDemoReceiver(secret: string) {
  const verifier = new Webhook(secret);
  const seen = new Set<string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = request.headers as Record<string, string>;
      let event: { type: string; data: { name: string; vaultPath: string; vaultVersion: number } };
      try {
        event = verifier.verify(Buffer.concat(chunks).toString("utf8"), headers) as typeof event;
      } catch {
        response.writeHead(400).end();
        return;
      }
      response.writeHead(204).end();
      if (seen.has(headers["webhook-id"] ?? "")) return;
      seen.add(headers["webhook-id"] ?? "");
      say(
        `  ↪ webhook ${event.type} (signature verified): ${event.data.name} → reload ${event.data.vaultPath} v${event.data.vaultVersion}`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/keywarden`,
    received: () => seen.size,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<number> {
  try {
    await assertRedisReachable(REDIS_URL);
  } catch (error) {
    say(`✗ ${(error as Error).message}`);
    say("  Then run `pnpm demo` again.");
    return 1;
  }

  // 1. The key service and Vault, in this process.
  const now = Date.now();
  const seeds: KeySeed[] = DEMO_KEYS.map((key) => ({
    owner: "admin",
    name: key.name,
    secret: randomUUID().replaceAll("-", "").padEnd(43, "x"),
    description: `demo: ${key.name}`,
    allowedIp: key.allowedIp ?? [],
    expiresAt: new Date(now + key.expiresIn).toISOString(),
  }));
  const mock = createKeyServiceMock({ seed: { keys: seeds, alertCount: 0 } });
  const server = await startMockServer({ handlers: mock.handlers });
  const sdk = createKeywardenClient({ baseUrl: server.url, auth: { username: "admin", password: "admin" } });
  const vault = createVaultClient({ address: server.url, token: "root" });
  say(
    `Mock key service and Vault emulation at ${server.url} (in this process); Redis at ${redactUrl(REDIS_URL)}.`,
  );

  // 2. Ops stored each key's secret in Vault; apps read it from there.
  const before = new Map<string, { id: string; version: number }>();
  for await (const key of sdk.apiKeys.list()) {
    const seed = seeds.find((candidate) => candidate.name === key.name);
    const written = await vault.kv.write(`keywarden/${key.name}`, {
      api_key: seed?.secret,
      key_id: String(key.id),
      name: key.name,
    });
    before.set(key.name, { id: String(key.id), version: written.version });
  }

  // An app's webhook endpoint, told of each verified rotation.
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const receiver = await startDemoReceiver(webhookSecret);

  // The rotator, as ops would configure `keywarden-rotator worker` (a Redis prefix of its own).
  const prefix = `{keywarden-demo-${randomUUID().slice(0, 8)}}`;
  const config = loadConfig({
    KEYWARDEN_URL: server.url,
    KEYWARDEN_USERNAME: "admin",
    KEYWARDEN_PASSWORD: "admin",
    VAULT_ADDR: server.url,
    VAULT_TOKEN: "root",
    REDIS_URL,
    KEYWARDEN_QUEUE_PREFIX: prefix,
    KEYWARDEN_ROTATOR_ADDRESS: "127.0.0.1",
    KEYWARDEN_CONCURRENCY: "4",
    KEYWARDEN_ATTEMPTS: "3",
    KEYWARDEN_BACKOFF: "200ms",
    KEYWARDEN_LOG_LEVEL: "silent",
    KEYWARDEN_WEBHOOK_URLS: receiver.url,
    KEYWARDEN_WEBHOOK_SECRET: webhookSecret,
    KEYWARDEN_WEBHOOK_EVENTS: "rotation.verified",
    KEYWARDEN_WEBHOOK_BACKOFF: "200ms",
  });
  const connection = openRedisConnection(config);
  const { runtime, services } = await startRotatorFromConfig(config, {
    connection,
    logger: createLogger({ level: config.logLevel }),
    schedule: false,
  });

  // 3. What would rotate (the `plan` command).
  const entries = [];
  for await (const key of services.keys.listKeys()) entries.push(planKey(key, Date.now(), services.settings));
  say("\nPlan (dry run, window 7d):\n");
  say(formatPlan(entries, Date.now(), "secret"));

  // 4. One scan and the worker.
  const cleanUp = async () => {
    await runtime.stop(5_000);
    await runtime.queues.rotations.obliterate({ force: true }).catch(() => undefined);
    const cleaner = createRedisConnection(REDIS_URL);
    const batches = cleaner.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>;
    for await (const batch of batches) if (batch.length > 0) await cleaner.del(...batch);
    await cleaner.quit();
    await connection.quit().catch(() => undefined);
    await server.close();
    await receiver.close();
  };
  // Ctrl-C still removes the demo's keys from Redis.
  const interrupt = () => {
    say("\nInterrupted: cleaning up.");
    void cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupt);
  const results = new Map<string, RotationJobResult | string>();
  runtime.rotationWorker.on("completed", (job, result: RotationJobResult) => {
    const data = job.data as RotationJobData;
    results.set(data.name, result);
    say(
      `  ✓ ${data.name}: ${result.outcome}${result.vaultVersion ? ` → Vault version ${result.vaultVersion} (verified by ${result.verifiedBy})` : ""}`,
    );
  });
  runtime.rotationWorker.on("failed", (job) => {
    if (!job) return;
    const data = job.data as RotationJobData;
    results.set(data.name, job.failedReason);
    say(`  ✗ ${data.name}: ${job.failedReason}`);
  });

  say("\nScanning and rotating:");
  const report = await runtime.scanNow();
  say(`  scan: ${report.scanned} keys, ${report.due} due → ${report.due} rotation jobs queued`);
  const deadline = Date.now() + 60_000;
  while (results.size < report.due && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));

  const rotatedCount = [...results.values()].filter(
    (result) => typeof result !== "string" && result.outcome === "rotated",
  ).length;
  // Deliveries are jobs of their own: they may land just after the rotations.
  const hooksBy = Date.now() + 10_000;
  while (receiver.received() < rotatedCount && Date.now() < hooksBy)
    await new Promise((resolve) => setTimeout(resolve, 50));

  // 5. Before / after, as an app reading Vault sees it.
  const rows: string[][] = [];
  let allGood = results.size === report.due;
  for (const [name, old] of before) {
    const current = await vault.kv.read(`keywarden/${name}`);
    const newId = String(current.data.key_id);
    const works = await sdk.apiKeys.verify(String(current.data.api_key));
    const oldSecret = seeds.find((seed) => seed.name === name)?.secret ?? "";
    const oldWorks = await sdk.apiKeys.verify(oldSecret);
    const oldState = await sdk.apiKeys.get(Number(old.id)).then(
      (key) => (key.status === "REVOKED" ? "revoked" : "active"),
      () => "deleted",
    );
    const rotated = newId !== old.id;
    if (typeof results.get(name) === "string" || (rotated && (!works || oldWorks))) allGood = false;
    rows.push([
      name,
      rotated ? `${old.id} → ${newId}` : `${old.id} (not due)`,
      `secret/data/keywarden/${name}`,
      rotated ? `v${old.version} → v${current.metadata.version}` : `v${current.metadata.version}`,
      works ? "yes" : "NO",
      rotated ? `${oldState}${oldWorks ? " (still works!)" : ""}` : "in use",
    ]);
  }
  say("\nBefore → after (what apps reading Vault get):\n");
  say(formatTable(["key", "key id", "vault path", "version", "works", "old key"], rows));

  // 6. Clean up: our Redis keys, the server.
  process.off("SIGINT", interrupt);
  await cleanUp();
  say(
    allGood
      ? "\nDone: every due key was rotated, its new secret is in Vault and works, the old one is revoked (an already expired one is deleted)."
      : "\nSome rotations did not finish; see above.",
  );
  return allGood ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
