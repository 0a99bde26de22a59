import { randomUUID } from "node:crypto";
import { configFingerprint } from "../../config/fingerprint.js";
import { createRedisKeyLease } from "../../queue/key-lease.js";
import { scanAndEnqueue } from "../../queue/scan.js";
import type { CommandContext } from "../context.js";

/** `scan`: one scan now, in this process; enqueues a rotation per due key for the workers. */
export async function scanCommand(ctx: CommandContext): Promise<number> {
  const { keys, settings, secrets } = ctx.services();
  const queues = await ctx.queues();
  const report = await scanAndEnqueue({
    keys,
    secrets,
    queue: queues.rotations,
    settings,
    now: () => Date.now(),
    healing: {
      claim: async (jobId) =>
        createRedisKeyLease(await ctx.redis(), ctx.config.queuePrefix).acquire(
          `heal:${jobId}`,
          randomUUID(),
          60_000,
        ),
      retryFailedAfterMs: ctx.config.retryFailedAfterMs,
      configFingerprint: configFingerprint(ctx.config),
    },
  });
  ctx.out(
    ctx.json
      ? JSON.stringify(report)
      : `Scanned ${report.scanned} keys: ${report.due} due (enqueued once each), ${report.resumed} half-done rotations resumed, ${report.retried} needing attention tried again, ${report.skipped} skipped.`,
  );
  return 0;
}
