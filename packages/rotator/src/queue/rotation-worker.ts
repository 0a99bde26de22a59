import { DelayedError, type Job, type Telemetry, UnrecoverableError, Worker } from "bullmq";
import { redactCredentials } from "../observability/redact.js";
import { type RotationRunTrace, traceRotationRun } from "../observability/tracing.js";
import { TransientError } from "../port-errors.js";
import type { KeyLease, KeyService, OwnKey, OwnKeyRegistry, SecretStore } from "../ports.js";
import { abandonRotation } from "../rotation/abandon.js";
import { ClaimLostError, DEFAULT_LEASE_TTL_MS, keyClaim } from "../rotation/claim.js";
import type { RotationContext, RotationOutcome, StepEvent, Verified } from "../rotation/context.js";
import type { PolicySettings } from "../rotation/policy.js";
import { rotateKey } from "../rotation/rotate.js";
import { within } from "../within.js";
import { classifyFailure, DEFAULT_RATE_LIMIT_BOUNDS, type RateLimitBounds } from "./classify-failure.js";
import type { RedisConnection } from "./connection.js";
import type { RotationJobData, RotationJobResult } from "./job-data.js";
import { createRedisKeyLease } from "./key-lease.js";
import { NEEDS_ATTENTION, ROTATION_QUEUE } from "./names.js";
import { redisOwnKeyRegistry } from "./own-keys.js";

/** Claims lost in a row before a rotation uses an attempt for it (see the processor's catch). */
const MAX_CLAIM_LOSSES = 5;

/** What `verified` hears: the successor's verified Vault version. */
export type VerifiedEvent = Verified;

/** Hooks for logs, metrics and webhooks; all receive ids only, and none may throw or wait. */
export interface RotationObserver {
  step?(event: StepEvent & { attempt: number; jobId: string }): void;
  verified?(job: { id: string; data: RotationJobData }, verified: VerifiedEvent): void;
  finished?(job: { id: string; data: RotationJobData }, outcome: RotationOutcome): void;
  retrying?(job: { id: string; data: RotationJobData }, reason: string, attempt: number): void;
  rateLimited?(job: { id: string; data: RotationJobData }, retryAfterMs: number): void;
  needsAttention?(job: { id: string; data: RotationJobData }, reason: string, cleanup: string): void;
}

/** Settings of {@link createRotationWorker}. */
export interface RotationWorkerOptions {
  /** One Redis or a Redis Cluster (BullMQ needs `maxRetriesPerRequest: null`; see `openRedisConnection`). */
  readonly connection: RedisConnection;
  /** BullMQ key prefix shared by every rotator process on this Redis (hash-tagged for Cluster). */
  readonly prefix: string;
  /** The key service port (SDK adapter in production, a fake in tests). */
  readonly keys: KeyService;
  /** Where successors' secrets go (the Vault KV v2 adapter). */
  readonly secrets: SecretStore;
  /** Rotation window, grace period, Vault path template and per-key rules. */
  readonly settings: PolicySettings;
  /** Whether the rotator may present a key with this `allowedIp` to the API when verifying it. */
  readonly canAuthenticateFrom: (allowedIp: readonly string[]) => boolean;
  /** Rotations run at once by this worker. */
  readonly concurrency: number;
  /** Rotations started per second at most, across all workers sharing the queue. */
  readonly rateLimitPerSecond?: number | undefined;
  /** The clock (epoch ms); tests inject a fake one. Default `Date.now`. */
  readonly now?: () => number;
  /** Logs and metrics hooks (see `observeRotations`). */
  readonly observer?: RotationObserver;
  /** Start taking jobs at once (default true); false lets a caller call `worker.run()` later. */
  readonly autorun?: boolean;
  /** How long a job's lock lasts without renewal; a crashed worker's job is resumed elsewhere after it. Default 30 s. */
  readonly lockDurationMs?: number;
  /** How often to look for jobs whose worker died. Default 30 s. */
  readonly stalledIntervalMs?: number;
  /** Crashes a job may survive before BullMQ fails it. Default 5 (BullMQ's own default is 1). */
  readonly maxStalledCount?: number;
  /** The API key the rotator runs with: never revoked while in use (see `rotation/own-key.ts`). */
  readonly ownKey?: OwnKey;
  /** The keys all rotator processes run with; default: the registry in the same Redis. */
  readonly ownKeys?: OwnKeyRegistry;
  /** The claims of logical keys; default: in the same Redis, under `prefix`. */
  readonly lease?: KeyLease;
  /**
   * How long a claim lasts without renewal (a crashed run's claim lapses after it). Every mutation
   * renews it, so it must far outlast the longest request deadline. Default 90 s.
   */
  readonly leaseTtlMs?: number;
  /** The configuration's fingerprint, kept with a needs-attention rotation (see `needs-attention.ts`). */
  readonly configFingerprint?: string;
  /** Caps on 429 pauses; default `DEFAULT_RATE_LIMIT_BOUNDS` (15 min per pause, 1 h per rotation). */
  readonly rateLimits?: Omit<RateLimitBounds, "spentMs">;
  /** BullMQ's telemetry (bullmq-otel), only when tracing is on: without it BullMQ skips every span. */
  readonly telemetry?: Telemetry | undefined;
}

/**
 * The BullMQ worker that runs rotations. Each job carries a key id; the processor runs
 * `rotateKey`, checkpointing progress into the job data, and maps failures onto BullMQ:
 * grace period and shutdown → delayed job, 429 → queue rate limit (no attempt used), permanent →
 * `UnrecoverableError` marked needs-attention after rolling back an unused successor.
 */
export function createRotationWorker(
  options: RotationWorkerOptions,
): Worker<RotationJobData, RotationJobResult> {
  const now = options.now ?? (() => Date.now());
  const observer = options.observer ?? {};
  const lease = options.lease ?? createRedisKeyLease(options.connection, options.prefix);
  const ownKeys = options.ownKeys ?? redisOwnKeyRegistry(options.connection, options.prefix);
  const leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const rateLimits = options.rateLimits ?? DEFAULT_RATE_LIMIT_BOUNDS;

  const processRotation = async (
    job: Job<RotationJobData, RotationJobResult>,
    token: string | undefined,
    signal: AbortSignal | undefined,
    run: RotationRunTrace,
  ): Promise<RotationJobResult> => {
    const jobId = String(job.id);
    // One holder per run: a duplicate run of this very job (after a lost lock) is a rival too.
    const holder = `${jobId}:${token ?? crypto.randomUUID()}`;
    const claim = keyClaim(lease, job.data.name, holder, {
      ttlMs: leaseTtlMs,
      now: () => performance.now(),
      keepAliveMs: leaseTtlMs / 3,
    });
    // Only with tracing on (a real span): later runs of this rotation join its trace.
    if (run.root) await job.updateData({ ...job.data, trace: run.root }).catch(() => undefined);
    let runError: unknown;
    const context = (): RotationContext => ({
      keys: options.keys,
      secrets: options.secrets,
      settings: options.settings,
      claim,
      ...(options.ownKey ? { ownKey: options.ownKey } : {}),
      ownKeys,
      now,
      canAuthenticateFrom: options.canAuthenticateFrom,
      force: job.data.force === true,
      ...(signal ? { signal } : {}),
      // A run that lost its claim must not overwrite the progress of the run that holds it.
      checkpoint: async (progress) => {
        await claim.confirm();
        await job.updateData({ ...job.data, ...progress });
      },
      onStep: (event) => {
        run.step(event);
        observer.step?.({ ...event, attempt: job.attemptsMade + 1, jobId });
      },
      onVerified: (verified) => {
        // Telling the world must never fail the rotation it tells of.
        try {
          observer.verified?.({ id: jobId, data: job.data }, verified);
        } catch {
          // An observer's bug is its own: the rotation carries on.
        }
      },
    });
    const ref = { id: jobId, data: job.data };
    try {
      const outcome = await rotateKey(context(), job.data);
      if (outcome.kind === "waiting") {
        await job.moveToDelayed(outcome.until, token);
        throw new DelayedError();
      }
      observer.finished?.(ref, outcome);
      return outcome.kind === "rotated"
        ? {
            outcome: "rotated",
            successorId: outcome.successorId,
            vaultPath: outcome.vaultPath,
            vaultVersion: outcome.vaultVersion,
            verifiedBy: outcome.verifiedBy,
          }
        : { outcome: outcome.kind, reason: outcome.reason };
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      runError = error;
      // Losing the claim costs no attempt, but not for ever: a run that keeps losing it (too
      // slow for its lease) must end in needs-attention, where someone sees it.
      let failure = error;
      if (error instanceof ClaimLostError) {
        const losses = (job.data.claimLosses ?? 0) + 1;
        await job.updateData({ ...job.data, claimLosses: losses });
        if (losses >= MAX_CLAIM_LOSSES) {
          failure = new TransientError(
            `lost its claim on "${job.data.name}" ${losses} times (each run too slow for KEYWARDEN_LEASE_TTL?)`,
          );
        }
      }
      const disposition = classifyFailure(
        failure,
        { made: job.attemptsMade, allowed: job.opts.attempts ?? 1 },
        { ...rateLimits, spentMs: job.data.rateLimitedMs ?? 0 },
      );
      switch (disposition.action) {
        case "requeue":
          await job.moveToDelayed(now() + disposition.delayMs, token);
          throw new DelayedError();
        case "rate-limit":
          await job.updateData({
            ...job.data,
            rateLimitedMs: (job.data.rateLimitedMs ?? 0) + disposition.retryAfterMs,
          });
          observer.rateLimited?.(ref, disposition.retryAfterMs);
          await worker.rateLimit(disposition.retryAfterMs);
          throw Worker.RateLimitError();
        case "retry":
          observer.retrying?.(ref, disposition.reason, job.attemptsMade + 1);
          // BullMQ stores the message (failedReason) in Redis: store the redacted one.
          throw failure instanceof Error && failure.message === disposition.reason
            ? failure
            : new Error(disposition.reason, { cause: failure });
        case "needs-attention": {
          const cleanup = await abandonRotation(context(), job.data).catch(
            (cleanupError: Error) =>
              `clean-up failed (${redactCredentials(cleanupError.message)}); check for a leftover successor`,
          );
          await job.updateData({
            ...job.data,
            needsAttention: disposition.reason,
            cleanup,
            failure: { kind: disposition.cause, at: now(), config: options.configFingerprint },
          });
          observer.needsAttention?.({ id: jobId, data: job.data }, disposition.reason, cleanup);
          throw new UnrecoverableError(`${NEEDS_ATTENTION}: ${disposition.reason}`);
        }
      }
    } finally {
      run.end(runError);
      // A lost claim is already someone else's; releasing never touches another holder's.
      await claim.release().catch(() => undefined);
    }
  };

  const worker: Worker<RotationJobData, RotationJobResult> = new Worker<RotationJobData, RotationJobResult>(
    ROTATION_QUEUE,
    (job: Job<RotationJobData, RotationJobResult>, token?: string, signal?: AbortSignal) => {
      const run = traceRotationRun({
        jobId: String(job.id),
        keyId: job.data.keyId,
        name: job.data.name,
        attempt: job.attemptsMade + 1,
        trace: job.data.trace,
        scanTrace: job.data.scanTrace,
      });
      return run.within(() => processRotation(job, token, signal, run));
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      autorun: options.autorun ?? true,
      maxStalledCount: options.maxStalledCount ?? 5,
      ...(options.telemetry ? { telemetry: options.telemetry } : {}),
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
      ...(options.rateLimitPerSecond ? { limiter: { max: options.rateLimitPerSecond, duration: 1000 } } : {}),
    },
  );
  return worker;
}

/** How long a forced close may take once the deadline has passed. */
const FORCED_CLOSE_MS = 1_000;

/**
 * Stops a worker gracefully: no new jobs, running rotations stop at their next step boundary and
 * go back to the queue (no attempt used), then Redis is let go. If that takes longer than
 * `deadlineMs`, the worker is closed by force; its jobs then stall and another process resumes them.
 * Returns within `deadlineMs` + one second whatever the worker does: BullMQ hands a second close the
 * first (graceful) one's promise, which waits for a step stuck in a request for as long as it is stuck.
 */
export async function stopWorker(worker: Worker, deadlineMs: number): Promise<"graceful" | "forced"> {
  const closing = worker.close();
  worker.cancelAllJobs("shutting down");
  const result = await within(
    deadlineMs,
    closing.then(() => "graceful" as const),
    "forced" as const,
  );
  if (result === "forced") await within(FORCED_CLOSE_MS, worker.close(true), undefined);
  return result;
}
