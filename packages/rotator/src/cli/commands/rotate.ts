import { QueueEvents } from "bullmq";
import { redactCredentials } from "../../observability/redact.js";
import { observeRotations } from "../../observability/rotation-observer.js";
import { duplicateConnection } from "../../queue/connection.js";
import type { RotationJobData } from "../../queue/job-data.js";
import { ROTATE_JOB, ROTATION_QUEUE } from "../../queue/names.js";
import { createRotationWorker, stopWorker } from "../../queue/rotation-worker.js";
import { manualRotationJobId } from "../../rotation/naming.js";
import type { CommandContext } from "../context.js";

/**
 * `rotate <key>`: rotates one key now (by id or name), even when it is not due. The job goes
 * through the queue like any other (so it never races a worker on the same key); this process
 * also runs a worker until the job is finished.
 */
export async function rotateCommand(ctx: CommandContext, keyRef: string): Promise<number> {
  const services = ctx.services();
  const key =
    (/^\d+$/.test(keyRef) ? await services.keys.getKey(keyRef) : undefined) ??
    (await services.keys.findKeyByName(keyRef));
  if (!key) {
    ctx.out(`No key with id or name "${keyRef}".`);
    return 1;
  }
  const queues = await ctx.queues();
  const connection = await ctx.redis();
  const events = new QueueEvents(ROTATION_QUEUE, {
    connection: duplicateConnection(connection),
    prefix: ctx.config.queuePrefix,
  });
  await events.waitUntilReady();
  const data: RotationJobData = { keyId: key.id, name: key.name, expiresAt: key.expiresAt, force: true };
  const job = await queues.rotations.add(ROTATE_JOB, data, {
    jobId: manualRotationJobId(key.id, Date.now()),
  });
  ctx.out(`Rotating "${key.name}" (key ${key.id}) as job ${job.id}...`);
  const worker = createRotationWorker({
    connection,
    prefix: ctx.config.queuePrefix,
    ...services,
    concurrency: 1,
    // the limiter is the queue's, shared with every running worker: this one must honour it too
    rateLimitPerSecond: ctx.config.rateLimit,
    observer: observeRotations(ctx.logger),
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
