/**
 * A proxy in front of Vault (or the key service) may answer an error that quotes the request it could
 * not forward: its headers (the Vault token) and its body (the new API key). Whatever such an answer
 * says must reach no failure reason or stack kept in Redis, no log line, and no webhook sent to another
 * host.
 */
import { Writable } from "node:stream";
import { createHttpStack } from "@keywarden/vault";
import { HttpResponse, http } from "msw";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { closedAfterEach } from "../support/closed-after-each.js";
import { liveSetup, VAULT } from "../support/live.js";
import { eventually } from "../support/redis.js";
import { startWebhookReceiver } from "../support/webhook-receiver.js";

const WEBHOOK_SECRET = `whsec_${Buffer.from("keywarden-webhook-test-secret-32b").toString("base64")}`;
const OLD = "billing-secret-000000000000000000000000000";

/** Every key under `prefix`, with what it holds, as text. */
async function redisText(connection: import("ioredis").Redis, prefix: string): Promise<string> {
  const lines: string[] = [];
  for (const key of await connection.keys(`${prefix}*`)) {
    const type = await connection.type(key);
    if (type === "hash") lines.push(JSON.stringify(await connection.hgetall(key)));
    else if (type === "string") lines.push(String(await connection.get(key)));
    else if (type === "list") lines.push(JSON.stringify(await connection.lrange(key, 0, -1)));
    else if (type === "zset") lines.push(JSON.stringify(await connection.zrange(key, "0", "-1")));
    else if (type === "stream") lines.push(JSON.stringify(await connection.xrange(key, "-", "+")));
  }
  return lines.join("\n");
}

describe("an error that quotes the request", () => {
  const setupLive = closedAfterEach(liveSetup);
  const receiver = closedAfterEach(startWebhookReceiver);

  it("keeps the Vault token and the new key out of Redis, the logs and the webhooks", async () => {
    const hook = await receiver(WEBHOOK_SECRET);
    const stack = createHttpStack({ connectMs: 1_000, requestMs: 3_000 });
    const lines: string[] = [];
    const logger = pino(
      { level: "trace" },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const live = await setupLive({
      keys: [{ name: "billing", secret: OLD, expiresInDays: 2 }],
      attempts: 2,
      logger,
      webhooks: {
        config: {
          urls: [hook.url],
          secret: { kind: "value", value: WEBHOOK_SECRET },
          attempts: 2,
          backoffMs: 50,
        },
        fetch: stack.fetch as typeof globalThis.fetch,
        secret: async () => WEBHOOK_SECRET,
      },
    });
    const sentSecrets: string[] = [];
    live.server.use(
      http.post(`${VAULT}/v1/secret/data/keywarden/*`, async ({ request }) => {
        const body = await request.text();
        sentSecrets.push((JSON.parse(body) as { data: { api_key: string } }).data.api_key);
        const headers = [...request.headers].map(([name, value]) => `${name}: ${value}`).join(", ");
        return HttpResponse.json(
          { errors: [`upstream error; request was ${headers} ${body}`] },
          { status: 502 },
        );
      }),
    );
    try {
      await live.runtime.scanNow();
      const [failed] = await eventually(
        () => live.runtime.queues.rotations.getFailed(),
        (jobs) => jobs.length === 1,
        20_000,
      );
      await eventually(
        async () => hook.deliveries.map((delivery) => delivery.body).join("\n"),
        (bodies) => bodies.includes("rotation.needs_attention"),
        10_000,
      );
      logger.flush();
      // The proxy's words are kept (they say what went wrong), its quote of the credentials is not.
      expect(failed?.failedReason).toMatch(/502: upstream error; request was .*x-vault-token: \[redacted\]/);
      expect(sentSecrets.length).toBeGreaterThan(0);
      const secrets = [live.rotatorToken, ...sentSecrets];
      const places = {
        redis: await redisText(live.redis.connection, live.redis.prefix),
        logs: lines.join(""),
        webhooks: hook.deliveries.map((delivery) => delivery.body).join("\n"),
      };
      for (const [place, text] of Object.entries(places)) {
        expect(text.length, place).toBeGreaterThan(0);
        for (const secret of secrets) expect(text.includes(secret), `${place} holds a secret`).toBe(false);
      }
    } finally {
      await stack.close().catch(() => undefined);
    }
  }, 40_000);
});
