import { type Job, QueueEvents } from "bullmq";
import { configFingerprint } from "../../config/fingerprint.js";
import { redactCredentials } from "../../observability/redact.js";
import { observeRotations } from "../../observability/rotation-observer.js";
import { duplicateConnection } from "../../queue/connection.js";
import type { RotationJobData, RotationJobResult } from "../../queue/job-data.js";
import { ROTATION_QUEUE } from "../../queue/names.js";
import { needsAttentionJobOf, retryNeedsAttention } from "../../queue/needs-attention.js";
import type { RotatorQueues } from "../../queue/queues.js";
import { createRotationWorker, stopWorker } from "../../queue/rotation-worker.js";
import { rotationJob } from "../../queue/scan.js";
import type { RotationTarget } from "../../rotation/context.js";
import { findFamilies, targetOf } from "../../rotation/locate.js";
import { logicalNameOf, manualRotationJobId } from "../../rotation/naming.js";
import type { CommandContext } from "../context.js";

/**
 * `rotate <key>`: rotates one key now (by id or name, in any state of a rotation: `billing`,
 * `billing~next` and an id of either all mean the logical key `billing`), even when it is not due.
 * It never starts a second rotation of a key: a rotation already waiting or running is joined, and
 * one that needs attention is tried again (the same job, its attempts reset). This process also
 * runs a worker until the job is finished.
 */
export async function rotateCommand(ctx: CommandContext, keyRef: string): Promise<number> {
  const services = ctx.services();
  const byId = /^\d+$/.test(keyRef) ? await services.keys.getKey(keyRef) : undefined;
  const name = logicalNameOf(byId?.name ?? keyRef);
  const target = targetOf(
    (await findFamilies(services.keys, new Set([name]))).get(name) ?? { name, retired: [] },
  );
  if (!target) {
    ctx.out(`No key with id or name "${keyRef}".`);
    return 1;
  }
  const queues = await ctx.queues();
  const connection = await ctx.redis();
  const events = new QueueEvents(ROTATION_QUEUE, {
    connection: duplicateConnection(connection),
    prefix: ctx.config.queuePrefix,
  });
  ctx.watch("queue events", events);
  await events.waitUntilReady();
  const job = await enqueue(ctx, queues, target);
  const worker = createRotationWorker({
    connection,
    prefix: ctx.config.queuePrefix,
    ...services,
    concurrency: 1,
    // the limiter is the queue's, shared with every running worker: this one must honour it too
    rateLimitPerSecond: ctx.config.rateLimit,
    observer: observeRotations(ctx.logger),
    configFingerprint: configFingerprint(ctx.config),
    leaseTtlMs: ctx.config.leaseTtlMs,
    rateLimits: { maxRetryAfterMs: ctx.config.maxRetryAfterMs, budgetMs: ctx.config.rateLimitBudgetMs },
  });
  try {
    const result = await job.waitUntilFinished(events);
    ctx.out(`Done: ${JSON.stringify(result)}`);
    return 0;
  } catch (error) {
    ctx.out(`Failed: ${redactCredentials((error as Error).message)}`);
    return 1;
  } finally {
    await stopWorker(worker, ctx.config.shutdownTimeoutMs);
    await events.close();
  }
}

/** The job to wait for: the needs-attention one tried again, the one under way, or a new one. */
async function enqueue(
  ctx: CommandContext,
  queues: RotatorQueues,
  target: RotationTarget,
): Promise<Job<RotationJobData, RotationJobResult>> {
  const failed = await needsAttentionJobOf(queues.rotations, target.name);
  if (failed) {
    await retryNeedsAttention(failed, { ...target, force: true });
    ctx.out(`Trying the rotation of "${target.name}" (key ${target.keyId}) again as job ${failed.id}...`);
    return failed;
  }
  const manualId = manualRotationJobId(target.keyId, Date.now());
  const { name, data, opts } = rotationJob({ ...target, force: true }, manualId);
  const job = await queues.rotations.add(name, data, opts);
  ctx.out(
    job.id === manualId
      ? `Rotating "${target.name}" (key ${target.keyId}) as job ${job.id}...`
      : `A rotation of "${target.name}" is already under way (job ${job.id}); waiting for it...`,
  );
  return job;
}
