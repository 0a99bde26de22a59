import { Writable } from "node:stream";
import { createHttpStack } from "@keywarden/vault";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { WebhookServices } from "../../src/webhooks/runtime.js";
import { readWebhookStatus } from "../../src/webhooks/status.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { liveSetup } from "../support/live.js";
import { eventually } from "../support/redis.js";
import { startWebhookReceiver } from "../support/webhook-receiver.js";

const SECRET = `whsec_${Buffer.from("keywarden-webhook-test-secret-32b").toString("base64")}`;
const KEYS = [
  { name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 },
  { name: "nightly", secret: "nightly-secret-000000000000000000000000000", expiresInDays: -0.1 },
  { name: "reports", secret: "reports-secret-000000000000000000000000000", expiresInDays: 40 },
];

/** A rotator on the in-process mock whose webhooks go through a real HTTP stack to `url`. */
function webhookServices(url: string, options: { attempts?: number; requestMs?: number } = {}) {
  const stack = createHttpStack({ connectMs: 1_000, requestMs: options.requestMs ?? 2_000 });
  const services: WebhookServices = {
    config: {
      urls: [url],
      secret: { kind: "value", value: SECRET },
      attempts: options.attempts ?? 5,
      backoffMs: 50,
    },
    fetch: stack.fetch as typeof globalThis.fetch,
    secret: async () => SECRET,
  };
  return { services, stack };
}

function memoryLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: pino({ level: "debug" }, stream) };
}

describe("signed webhooks: each event reaches the receiver, verified, once after de-duplication", () => {
  const setupLive = closedAfterEach(liveSetup);
  const receiver = closedAfterEach(startWebhookReceiver);

  it("a receiver that hangs, then fails, still gets every event; the rotations never wait for it", async () => {
    // First request: no answer (the stack's deadline ends it); second: 503; then 204.
    const hook = await receiver(SECRET, (_delivery, index) =>
      index === 0 ? "hang" : index === 1 ? 503 : 204,
    );
    const { services, stack } = webhookServices(hook.url, { requestMs: 800 });
    const { lines, logger } = memoryLogger();
    const live = await setupLive({ keys: KEYS, webhooks: services, logger });
    const started = Date.now();
    const report = await live.runtime.scanNow();
    expect(report).toMatchObject({ scanned: 3, due: 2 });
    await eventually(
      () => live.runtime.queues.rotations.getCompletedCount(),
      (count) => count === 2,
    );
    const rotationsTook = Date.now() - started;
    // Every event delivered, and the two that failed delivered again (answered 204 after index 1).
    const redelivered = () => {
      const [hung, refused] = hook.deliveries;
      const later = hook.deliveries.slice(2).map((delivery) => delivery.id);
      return (
        hook.unique().length === 5 && later.includes(String(hung?.id)) && later.includes(String(refused?.id))
      );
    };
    await eventually(async () => redelivered(), Boolean, 20_000);
    // Give a duplicate, if there were one, time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    stack.close().catch(() => undefined);

    const events = hook.unique().map(({ message }) => `${message.type} ${message.data.name}`);
    expect(events.sort()).toEqual([
      "key.expired nightly",
      "rotation.completed billing",
      "rotation.completed nightly",
      "rotation.verified billing",
      "rotation.verified nightly",
    ]);
    expect(hook.deliveries.every((delivery) => delivery.message !== undefined)).toBe(true);
    // The first two attempts failed: their events came again, under the same webhook-id.
    const [hung, refused] = hook.deliveries;
    expect(hook.deliveries.filter((delivery) => delivery.id === hung?.id).length).toBeGreaterThanOrEqual(2);
    expect(hook.deliveries.filter((delivery) => delivery.id === refused?.id).length).toBeGreaterThanOrEqual(
      2,
    );
    // The hung receiver held a delivery for its whole deadline; the rotations did not wait for it.
    expect(rotationsTook).toBeLessThan(5_000);

    const verified = hook
      .unique()
      .find(({ message }) => message.type === "rotation.verified" && message.data.name === "billing");
    const stored = await live.appView("billing");
    expect(verified?.message.data).toMatchObject({
      keyId: live.ids.get("billing"),
      successorId: String(stored.secret.data.key_id),
      vaultPath: "keywarden/billing",
      vaultVersion: stored.secret.metadata.version,
      verifiedBy: "api",
    });

    // No secret anywhere: old and new keys, the Vault token, the signing secret.
    const secrets = [
      ...KEYS.map((key) => key.secret),
      String((await live.appView("billing")).secret.data.api_key),
      String((await live.appView("nightly")).secret.data.api_key),
      live.rotatorToken,
      SECRET,
      SECRET.slice("whsec_".length),
    ];
    const seen = [
      ...hook.deliveries.map((delivery) => delivery.body),
      ...hook.deliveries.map((delivery) => JSON.stringify(delivery.headers)),
      ...lines,
    ].join("\n");
    for (const secret of secrets) expect(seen).not.toContain(secret);
    expect(lines.some((line) => line.includes('"event":"webhook.delivered"'))).toBe(true);
  });

  it("a delivery that uses every attempt is a dead letter that status lists", async () => {
    const hook = await receiver(SECRET, () => 500);
    const { services, stack } = webhookServices(hook.url, { attempts: 2 });
    const live = await setupLive({ keys: KEYS.slice(0, 1), webhooks: services });
    await live.runtime.scanNow();
    const queue = live.runtime.webhooks?.queue;
    if (!queue) throw new Error("webhooks were not started");
    const status = await eventually(
      () => readWebhookStatus(queue),
      (read) => read.dead.length === 2,
      20_000,
    );
    await stack.close().catch(() => undefined);
    expect(status.dead.map((dead) => dead.type).sort()).toEqual(["rotation.completed", "rotation.verified"]);
    for (const dead of status.dead) {
      expect(dead).toMatchObject({ receiver: new URL(hook.url).origin, attempts: 2 });
      expect(dead.reason).toBe(`${new URL(hook.url).origin} answered HTTP 500`);
    }
    // The rotation itself finished regardless.
    expect(await live.runtime.queues.rotations.getCompletedCount()).toBe(1);
    expect(hook.deliveries.length).toBe(4);
  });

  it("a filter sends only the events asked for", async () => {
    const hook = await receiver(SECRET);
    const { services, stack } = webhookServices(hook.url);
    const live = await setupLive({
      keys: KEYS.slice(0, 1),
      webhooks: { ...services, config: { ...services.config, events: ["rotation.verified"] } },
    });
    await live.runtime.scanNow();
    await eventually(
      () => live.runtime.queues.rotations.getCompletedCount(),
      (count) => count === 1,
    );
    await eventually(
      async () => hook.unique().length,
      (count) => count === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stack.close().catch(() => undefined);
    expect(hook.unique().map(({ message }) => message.type)).toEqual(["rotation.verified"]);
  });
});
