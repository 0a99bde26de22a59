import { configFingerprint } from "../../config/fingerprint.js";
import { formatDuration } from "../../duration.js";
import { readStatus } from "../../queue/status.js";
import { openWebhookQueue } from "../../webhooks/outbox.js";
import { readWebhookStatus } from "../../webhooks/status.js";
import type { CommandContext } from "../context.js";
import { formatTable } from "../table.js";

/** `status`: queue counts, rotations in flight with their step, waiting ones, needs-attention. */
export async function statusCommand(ctx: CommandContext): Promise<number> {
  const rotations = await readStatus(await ctx.queues(), 100, {
    retryFailedAfterMs: ctx.config.retryFailedAfterMs,
    configFingerprint: configFingerprint(ctx.config),
  });
  const webhookQueue = openWebhookQueue(await ctx.redis(), ctx.config.queuePrefix);
  ctx.watch("webhook queue", webhookQueue);
  const webhooks = await readWebhookStatus(webhookQueue).finally(() => webhookQueue.close());
  const status = { ...rotations, webhooks };
  if (ctx.json) {
    ctx.out(JSON.stringify(status, null, 2));
    return 0;
  }
  const now = Date.now();
  const counts = Object.entries(status.counts)
    .map(([state, count]) => `${state} ${count}`)
    .join(", ");
  ctx.out(`Rotation jobs: ${counts}`);
  if (status.lastScan?.finishedOn)
    ctx.out(`Last scan: ${new Date(status.lastScan.finishedOn).toISOString()}`);
  const section = (title: string, rows: string[][], headers: string[]) => {
    ctx.out(`\n${title} (${rows.length})`);
    if (rows.length > 0) ctx.out(formatTable(headers, rows));
  };
  section(
    "In flight",
    status.inFlight.map((entry) => [entry.keyId, entry.name, entry.step ?? "-", String(entry.attempts + 1)]),
    ["key id", "name", "step", "attempt"],
  );
  section(
    "Waiting (grace period or retry backoff)",
    status.delayed.map((entry) => [
      entry.keyId,
      entry.name,
      entry.step ?? "-",
      entry.until ? `in ${formatDuration(entry.until - now)}` : "-",
    ]),
    ["key id", "name", "step", "resumes"],
  );
  section(
    "Needs attention",
    status.needsAttention.map((entry) => [
      entry.keyId,
      entry.name,
      entry.step ?? "-",
      entry.reason ?? "-",
      entry.cleanup ?? "-",
      entry.nextTry ?? "-",
    ]),
    ["key id", "name", "stopped at", "reason", "clean-up and state observed", "next try"],
  );
  if (ctx.config.webhooks || webhooks.dead.length > 0) {
    section(
      "Webhooks not delivered after every attempt",
      webhooks.dead.map((dead) => [
        dead.eventId,
        dead.type,
        dead.receiver,
        String(dead.attempts),
        dead.reason,
        dead.failedOn ? new Date(dead.failedOn).toISOString() : "-",
      ]),
      ["webhook-id", "event", "receiver", "attempts", "last error", "failed at"],
    );
  }
  return 0;
}
