import { type Job, QueueEvents } from "bullmq";
import { configFingerprint } from "../../config/fingerprint.js";
import { formatDuration } from "../../duration.js";
import { redactCredentials } from "../../observability/redact.js";
import { combineObservers, observeRotations } from "../../observability/rotation-observer.js";
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
import { policyFor } from "../../rotation/policy.js";
import { rotationWebhooks } from "../../webhooks/rotation-events.js";
import { startWebhooks } from "../../webhooks/runtime.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../output.js";

type RotationJob = Job<RotationJobData, RotationJobResult>;

/** How `rotate` came to wait on its job: it added it, joined one under way, or tried one again. */
type JobOrigin = "started" | "joined" | "retried";

/** What waiting on the job ended with. */
type Waited =
  | { readonly kind: "completed"; readonly result: RotationJobResult }
  | { readonly kind: "failed"; readonly reason: string }
  | { readonly kind: "timeout" };

/**
 * `rotate <key>`: rotates one key now (by id or name, in any state of a rotation: `billing`,
 * `billing~next` and an id of either all mean the logical key `billing`), even when it is not due.
 * It never starts a second rotation of a key: a rotation already waiting or running is joined, and
 * one that needs attention is tried again (the same job, its attempts reset). This process also
 * runs a worker until the job is finished, or until `timeoutMs` (from the command's start) passes.
 */
export async function rotateCommand(
  ctx: CommandContext,
  keyRef: string,
  options: { timeoutMs?: number | undefined } = {},
): Promise<number> {
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  const services = ctx.services();
  const byId = /^\d+$/.test(keyRef) ? await services.keys.getKey(keyRef) : undefined;
  const name = logicalNameOf(byId?.name ?? keyRef);
  const family = (await findFamilies(services.keys, new Set([name]))).get(name) ?? { name, retired: [] };
  const target = targetOf(family);
  if (!target) {
    throw new CommandFailure("not-found", `No key with id or name "${keyRef}".`, { key: keyRef });
  }
  // A rotation under way (a successor exists, or a key retired) is finished whatever the policy says.
  const policy = policyFor(target.name, services.settings);
  if (policy.skip && !family.successor && family.retired.length === 0) {
    throw new CommandFailure(
      "skipped",
      `Not rotating "${target.name}": policy "${policy.matchedRule}" in KEYWARDEN_POLICY_FILE says skip (never rotate it); remove skip from that rule to rotate it.`,
      { key: target.name, keyId: target.keyId, rule: policy.matchedRule },
    );
  }
  const queues = await ctx.queues();
  const connection = await ctx.redis();
  const events = new QueueEvents(ROTATION_QUEUE, {
    connection: duplicateConnection(connection),
    prefix: ctx.config.queuePrefix,
  });
  ctx.watch("queue events", events);
  await events.waitUntilReady();
  const { job, origin } = await enqueue(ctx, queues, target);
  // This process queues the rotation's events; `run` and `worker` processes deliver them.
  const webhooks = services.webhooks
    ? startWebhooks(services.webhooks, {
        connection,
        prefix: ctx.config.queuePrefix,
        logger: ctx.logger,
        deliver: false,
      })
    : undefined;
  const worker = createRotationWorker({
    connection,
    prefix: ctx.config.queuePrefix,
    ...services,
    concurrency: 1,
    // the limiter is the queue's, shared with every running worker: this one must honour it too
    rateLimitPerSecond: ctx.config.rateLimit,
    observer: webhooks
      ? combineObservers(observeRotations(ctx.logger), rotationWebhooks(webhooks.outbox, Date.now))
      : observeRotations(ctx.logger),
    configFingerprint: configFingerprint(ctx.config),
    leaseTtlMs: ctx.config.leaseTtlMs,
    rateLimits: { maxRetryAfterMs: ctx.config.maxRetryAfterMs, budgetMs: ctx.config.rateLimitBudgetMs },
  });
  const facts = { key: target.name, keyId: target.keyId, jobId: String(job.id), job: origin };
  const stop = () => stopWorker(worker, ctx.config.shutdownTimeoutMs);
  let stopped = false;
  try {
    let waited = await waitForJob(job, events, deadline);
    if (waited.kind === "timeout") {
      // This worker lets go first (its step finishes and checkpoints), so the state read next is
      // the one the job is left in, not one this process is about to change.
      await stop();
      stopped = true;
      waited = await observedAfterTimeout(queues.rotations, job, options.timeoutMs ?? 0, facts);
    }
    if (waited.kind === "failed") {
      throw new CommandFailure("needs-attention", `Failed: ${waited.reason}`, {
        ...facts,
        state: await job.getState(),
      });
    }
    ctx.out(
      ctx.json
        ? JSON.stringify({ ...facts, state: "completed", result: waited.result })
        : `Done: ${JSON.stringify(waited.result)}`,
    );
    return 0;
  } finally {
    if (!stopped) await stop();
    await webhooks?.stop(1_000);
    await events.close();
  }
}

/** The job's end, or `timeout` once `deadline` (epoch ms) passes first. */
async function waitForJob(job: RotationJob, events: QueueEvents, deadline?: number): Promise<Waited> {
  const finished = job.waitUntilFinished(events).then(
    (result: RotationJobResult): Waited => ({ kind: "completed", result }),
    (error: Error): Waited => ({ kind: "failed", reason: redactCredentials(error.message) }),
  );
  if (deadline === undefined) return finished;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Waited>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "timeout" }), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([finished, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * After the deadline: the job as Redis now holds it. A job that finished in the meantime is
 * reported as finished; otherwise the command gives up with the state and step it found.
 */
async function observedAfterTimeout(
  queue: RotatorQueues["rotations"],
  job: RotationJob,
  timeoutMs: number,
  facts: Record<string, string>,
): Promise<Exclude<Waited, { kind: "timeout" }>> {
  const state = await job.getState();
  const fresh = (await queue.getJob(String(job.id))) as RotationJob | undefined;
  if (state === "completed" && fresh) return { kind: "completed", result: fresh.returnvalue };
  if (state === "failed" && fresh) return { kind: "failed", reason: redactCredentials(fresh.failedReason) };
  const step = fresh?.data.step;
  throw new CommandFailure(
    "timeout",
    `Gave up waiting after ${formatDuration(timeoutMs)}: the rotation of "${facts.key}" (job ${facts.jobId}) was ${state}${step ? ` at step ${step}` : ""} when looked up just now. This command does not cancel it: the job stays in the queue for any run or worker process on this Redis, and keywarden-rotator status shows it.`,
    { ...facts, state, ...(step ? { step } : {}) },
  );
}

/** The job to wait for: the needs-attention one tried again, the one under way, or a new one. */
async function enqueue(
  ctx: CommandContext,
  queues: RotatorQueues,
  target: RotationTarget,
): Promise<{ job: RotationJob; origin: JobOrigin }> {
  const failed = await needsAttentionJobOf(queues.rotations, target.name);
  if (failed) {
    await retryNeedsAttention(failed, { ...target, force: true });
    ctx.progress(
      `Trying the rotation of "${target.name}" (key ${target.keyId}) again as job ${failed.id}...`,
    );
    return { job: failed, origin: "retried" };
  }
  const manualId = manualRotationJobId(target.keyId, Date.now());
  const { name, data, opts } = rotationJob({ ...target, force: true }, manualId);
  const job = await queues.rotations.add(name, data, opts);
  const started = job.id === manualId;
  ctx.progress(
    started
      ? `Rotating "${target.name}" (key ${target.keyId}) as job ${job.id}...`
      : `A rotation of "${target.name}" is already under way (job ${job.id}); waiting for it...`,
  );
  return { job, origin: started ? "started" : "joined" };
}
