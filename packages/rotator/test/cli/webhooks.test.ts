/**
 * Webhooks as an operator configures them: settings in the environment, the signing secret in the
 * mock's Vault (`KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH`), a rotator started from that configuration
 * delivering to a loopback receiver that verifies with the `standardwebhooks` package, and
 * `status` listing what could not be delivered.
 */
import { Writable } from "node:stream";
import { createVaultClient } from "@keywarden/vault";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config.js";
import { startRotatorFromConfig } from "../../src/wiring.js";
import { eventually, isolatedRedis } from "../support/redis.js";
import { mockOverSocketForFile } from "../support/socket-mock.js";
import { startWebhookReceiver } from "../support/webhook-receiver.js";

const SIGNING_SECRET = `whsec_${Buffer.from("keywarden-vault-webhook-secret-32").toString("base64")}`;
const SECRET_PATH = "keywarden-webhooks/signing";
const KEYS = [
  { name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 },
  { name: "crm", secret: "crm-secret-0000000000000000000000000000000", expiresInDays: 3 },
];
const { url } = mockOverSocketForFile(KEYS);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** The environment of a rotator on the mock, on its own Redis prefix, sending webhooks to `hook`. */
function environment(prefix: string, hook: string, extra: Record<string, string> = {}) {
  return {
    KEYWARDEN_URL: url(),
    VAULT_ADDR: url(),
    KEYWARDEN_USERNAME: "admin",
    KEYWARDEN_PASSWORD: "admin",
    VAULT_TOKEN: "root",
    KEYWARDEN_LOG_LEVEL: "silent",
    KEYWARDEN_METRICS_PORT: "0",
    KEYWARDEN_QUEUE_PREFIX: prefix,
    KEYWARDEN_WEBHOOK_URLS: hook,
    KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH: SECRET_PATH,
    ...extra,
  };
}

/** A Redis connection and a prefix of its own, deleted after the test. */
function redisForTest() {
  const redis = isolatedRedis();
  cleanups.push(() => redis.cleanup());
  return redis;
}

/** A `worker` process's rotator, in this process, from `env`; its log lines are kept. */
async function startWorker(env: Record<string, string>, redis: ReturnType<typeof isolatedRedis>) {
  const lines: string[] = [];
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const { runtime, metrics } = await startRotatorFromConfig(loadConfig(env), {
    connection: redis.connection,
    logger,
    schedule: false,
  });
  cleanups.push(() => runtime.stop(2_000));
  /** A webhook counter's value per event type, as /metrics would show it. */
  const counted = async (counter: "webhooksDelivered" | "webhookAttemptsFailed" | "webhooksDead") =>
    Object.fromEntries(
      (await metrics[counter].get()).values.map((sample) => [sample.labels.event, sample.value]),
    );
  return { runtime, lines, counted };
}

async function run(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    env,
    (text) => out.push(text),
    (text) => err.push(text),
  );
  return { code, text: out.join("\n"), errors: err.join("\n") };
}

describe("webhooks configured from the environment", () => {
  it("signs with the secret read from a Vault path; the receiver verifies every delivery", async () => {
    await createVaultClient({ address: url(), token: "root" }).kv.write(SECRET_PATH, {
      secret: SIGNING_SECRET,
    });
    const hook = await startWebhookReceiver(SIGNING_SECRET);
    cleanups.push(() => hook.close());
    const redis = redisForTest();
    const env = environment(redis.prefix, hook.url);
    const { lines, counted } = await startWorker(env, redis);

    const rotated = await run(["rotate", "billing", "--json"], env);
    expect(rotated.code).toBe(0);
    const result = JSON.parse(rotated.text) as { keyId: string; result: { successorId: string } };
    const events = await eventually(
      async () => hook.unique(),
      (unique) => unique.length === 2,
    );
    expect(events.map(({ message }) => message.type)).toEqual(["rotation.verified", "rotation.completed"]);
    expect(events[0]?.message.data).toMatchObject({
      keyId: result.keyId,
      name: "billing",
      successorId: result.result.successorId,
      vaultPath: "keywarden/billing",
    });
    // Every request verified with the Vault secret (the receiver answers 400 to one that fails).
    expect(hook.deliveries.every((delivery) => delivery.verifyError === undefined)).toBe(true);
    const delivered = await eventually(
      () => counted("webhooksDelivered"),
      (counts) => Object.keys(counts).length === 2,
    );
    expect(delivered).toEqual({ "rotation.verified": 1, "rotation.completed": 1 });
    expect(await counted("webhookAttemptsFailed")).toEqual({});
    expect(await counted("webhooksDead")).toEqual({});

    // The signing secret and the keys' secrets appear in no body, header or log line.
    const vaultSecret = await createVaultClient({ address: url(), token: "root" }).kv.read(
      "keywarden/billing",
    );
    const seen = [
      ...hook.deliveries.map((delivery) => delivery.body + JSON.stringify(delivery.headers)),
      ...lines,
    ].join("\n");
    for (const secret of [SIGNING_SECRET, String(vaultSecret.data.api_key), KEYS[0]?.secret]) {
      expect(seen).not.toContain(String(secret));
    }
  });

  it("status lists the deliveries that used every attempt, as a table and in --json", async () => {
    await createVaultClient({ address: url(), token: "root" }).kv.write(SECRET_PATH, {
      secret: SIGNING_SECRET,
    });
    const hook = await startWebhookReceiver(SIGNING_SECRET, () => 500);
    cleanups.push(() => hook.close());
    const redis = redisForTest();
    const env = environment(redis.prefix, hook.url, { KEYWARDEN_WEBHOOK_ATTEMPTS: "1" });
    const { counted } = await startWorker(env, redis);

    expect((await run(["rotate", "crm", "--json"], env)).code).toBe(0);
    const status = await eventually(
      async () => JSON.parse((await run(["status", "--json"], env)).text),
      (read) => read.webhooks.dead.length === 2,
    );
    const origin = new URL(hook.url).origin;
    expect(status.webhooks.counts).toMatchObject({ failed: 2 });
    expect(status.webhooks.dead.map((dead: { type: string }) => dead.type).sort()).toEqual([
      "rotation.completed",
      "rotation.verified",
    ]);
    for (const dead of status.webhooks.dead) {
      expect(dead).toEqual({
        eventId: expect.stringMatching(/^msg_/),
        type: expect.any(String),
        receiver: origin,
        attempts: 1,
        reason: `${origin} answered HTTP 500`,
        failedOn: expect.any(Number),
      });
    }
    // The rotation itself finished regardless.
    expect(status.counts).toMatchObject({ completed: 1, failed: 0 });
    // Counted by the delivering process: one failed attempt each, both dead letters, none delivered.
    const dead = { "rotation.verified": 1, "rotation.completed": 1 };
    expect(
      await eventually(
        () => counted("webhooksDead"),
        (counts) => Object.keys(counts).length === 2,
      ),
    ).toEqual(dead);
    expect(await counted("webhookAttemptsFailed")).toEqual(dead);
    expect(await counted("webhooksDelivered")).toEqual({});

    const table = await run(["status"], env);
    expect(table.code).toBe(0);
    expect(table.text).toContain("\nWebhooks not delivered after every attempt (2)\n");
    const section = table.text.slice(table.text.indexOf("Webhooks not delivered after every attempt"));
    expect(section.split("\n")[1]).toMatch(
      /webhook-id\s+event\s+receiver\s+attempts\s+last error\s+failed at/,
    );
    for (const dead of status.webhooks.dead) {
      expect(section).toMatch(
        new RegExp(`${dead.eventId}\\s+${dead.type.replace(".", "\\.")}\\s+${origin}\\s+1\\s+`),
      );
    }
    // A receiver's URL may carry a token: only its origin is shown.
    expect(table.text + JSON.stringify(status)).not.toContain(new URL(hook.url).pathname);
  });
});
