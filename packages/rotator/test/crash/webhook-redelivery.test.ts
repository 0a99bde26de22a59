import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { closedAfterEach } from "../support/closed-after-each.js";
import { eventually } from "../support/redis.js";
import { startWebhookReceiver } from "../support/webhook-receiver.js";
import { standaloneWorld } from "./standalone-world.js";

const SECRET = `whsec_${Buffer.from("keywarden-crash-webhook-secret-32").toString("base64")}`;

describe("crash: a rotator killed after sending a webhook, before recording it", () => {
  const openStandaloneWorld = closedAfterEach(standaloneWorld);
  const receiver = closedAfterEach(startWebhookReceiver);

  it("another process sends it again under the same webhook-id: each event once after de-duplication", async () => {
    const world = await openStandaloneWorld(["billing"]);
    let first: ChildProcess | undefined;
    // The first delivery arrives whole; the sender dies before it hears the answer (so before
    // BullMQ records the job as done).
    const hook = await receiver(SECRET, (_delivery, index) => {
      if (index > 0) return 204;
      first?.kill("SIGKILL");
      return "hang";
    });
    const env = {
      KEYWARDEN_WEBHOOK_URLS: hook.url,
      KEYWARDEN_WEBHOOK_SECRET: SECRET,
      KEYWARDEN_WEBHOOK_BACKOFF: "100ms",
    };
    await world.scan();
    first = await world.startWorker(env);
    await eventually(
      async () => first?.signalCode,
      (signal) => signal === "SIGKILL",
      20_000,
    );
    const killedId = hook.deliveries[0]?.id;
    await world.startWorker(env);
    await world.waitForCompleted(1);
    await eventually(
      async () => hook.unique().map(({ message }) => message.type),
      (types) => types.includes("rotation.completed") && types.includes("rotation.verified"),
      30_000,
    );
    await eventually(
      async () => hook.deliveries.filter((delivery) => delivery.id === killedId).length,
      (count) => count >= 2,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(hook.deliveries.every((delivery) => delivery.message !== undefined)).toBe(true);
    expect(
      hook
        .unique()
        .map(({ message }) => message.type)
        .sort(),
    ).toEqual(["rotation.completed", "rotation.verified"]);
    const again = hook.deliveries.filter((delivery) => delivery.id === killedId);
    // The same event, byte for byte, under the same id.
    expect(new Set(again.map((delivery) => delivery.body)).size).toBe(1);
    const seen = hook.deliveries
      .map((delivery) => `${delivery.body}${JSON.stringify(delivery.headers)}`)
      .join();
    for (const secret of [...world.secrets.values(), SECRET, SECRET.slice("whsec_".length)]) {
      expect(seen).not.toContain(secret);
    }
    const stored = await world.appView("billing");
    expect(seen).not.toContain(String(stored.secret.data.api_key));
  });
});
