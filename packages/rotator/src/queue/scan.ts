import type { Queue } from "bullmq";
import type { SpanRef } from "../observability/tracing.js";
import type { KeyService, SecretStore } from "../ports.js";
import type { RotationTarget } from "../rotation/context.js";
import { findFamilies, isRotatorsFamily, targetOf } from "../rotation/locate.js";
import { logicalNameOf, resumeJobId, rotationDedupId, vaultPathFor } from "../rotation/naming.js";
import { type PlanEntry, planKey } from "../rotation/plan.js";
import { type PolicySettings, policyFor } from "../rotation/policy.js";
import type { RotationJobData } from "./job-data.js";
import { ROTATE_JOB } from "./names.js";
import {
  DEFAULT_RETRY_FAILED_AFTER_MS,
  type HealingPolicy,
  healNeedsAttention,
  needsAttentionJobs,
} from "./needs-attention.js";

/** What one scan saw and did. */
export interface ScanReport {
  readonly scanned: number;
  readonly due: number;
  /** Rotations left half done (their job lost) that this scan enqueued again. */
  readonly resumed: number;
  /** Rotations needing attention that this scan tried again (cool-down over, or configuration changed). */
  readonly retried: number;
  /** Rotations needing attention whose key has expired meanwhile. */
  readonly expiredNeedingAttention: number;
  readonly skipped: number;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/**
 * The job id, data and options of a rotation. Every rotation job of a logical key shares one
 * deduplication id, so while one is waiting, running or delayed, another (a scan, `rotate`) joins it.
 */
export function rotationJob(
  target: RotationTarget & { force?: boolean },
  jobId: string,
  scanTrace?: SpanRef,
) {
  const data: RotationJobData = {
    keyId: target.keyId,
    name: target.name,
    expiresAt: target.expiresAt,
    ...(target.successorId === undefined ? {} : { successorId: target.successorId }),
    ...(target.publicKeyId === undefined ? {} : { publicKeyId: target.publicKeyId }),
    ...(target.force ? { force: true } : {}),
    ...(scanTrace ? { scanTrace } : {}),
  };
  return { name: ROTATE_JOB, data, opts: { jobId, deduplication: { id: rotationDedupId(target.name) } } };
}

/**
 * Enqueues the job that finishes each half-done rotation the rotator owns: not for a lone
 * `<name>~next` Vault knows nothing of, and not for a key whose rotation waits for a human (healing
 * decides when that one runs again). A rotation already started is finished whether due or not.
 * Returns how many jobs were created (a job already waiting for the key is joined, not counted).
 */
async function resumeHalfDone(
  options: {
    keys: KeyService;
    secrets?: SecretStore;
    queue: Queue<RotationJobData>;
    settings: PolicySettings;
    scanTrace?: SpanRef | undefined;
  },
  names: ReadonlySet<string>,
): Promise<number> {
  if (names.size === 0) return 0;
  const held = new Set((await needsAttentionJobs(options.queue)).map((job) => job.data.name));
  const jobs: ReturnType<typeof rotationJob>[] = [];
  for (const family of (await findFamilies(options.keys, names)).values()) {
    // The listing saw a rotation in flight; read again now, it may have finished since. A family
    // with no successor and no live retired key has nothing left to finish, and a forced job from its
    // current key would rotate that key a second time.
    if (!family.successor && family.retired.length === 0) continue;
    const target = targetOf(family);
    if (!target || held.has(family.name)) continue;
    if (family.retired.length === 0) {
      const path = vaultPathFor(policyFor(family.name, options.settings).pathTemplate, family.name);
      const stored = options.secrets ? await options.secrets.read(path) : undefined;
      if (!isRotatorsFamily(family, stored)) continue;
    }
    const jobId = resumeJobId(target.keyId);
    // Already enqueued by an earlier scan (BullMQ would answer an add with the same id anyway).
    if (await options.queue.getJob(jobId)) continue;
    jobs.push(rotationJob({ ...target, force: true }, jobId, options.scanTrace));
  }
  if (jobs.length === 0) return 0;
  const added = await options.queue.addBulk(jobs);
  // A job of the same key already waiting or running is joined (its id comes back): not counted.
  return added.filter((job, index) => job.id === jobs[index]?.opts.jobId).length;
}

/**
 * Pages through every key and enqueues one rotation per due key, in batches (`addBulk`), so memory
 * stays flat however many keys there are. The job id is derived from the key id and its expiry, so
 * overlapping scans (or several rotator processes) enqueue each rotation once.
 *
 * Live successors and live retired keys are the traces of a rotation whose job was lost: their
 * logical keys are collected (a handful) and, after the pass, one more listing finds each one's
 * keys and enqueues the job that finishes it. Last, rotations needing attention whose next try has
 * come are tried again (see `needs-attention.ts`).
 */
export async function scanAndEnqueue(options: {
  keys: KeyService;
  /** Vault, to tell the rotator's unfinished rotations from keys that only look like one. */
  secrets?: SecretStore;
  queue: Queue<RotationJobData>;
  settings: PolicySettings;
  now: () => number;
  batchSize?: number;
  /** The scan's span, which the rotations it enqueues link to. */
  scanTrace?: SpanRef | undefined;
  /** Hears every key's plan entry at the scan's start time (the webhooks' `key.*` events). */
  onEntry?: (entry: PlanEntry, at: number) => void;
  /** When to try needs-attention rotations again; `onExpired` hears of each whose key expired. */
  healing?: HealingPolicy & {
    onExpired?: (job: { id?: string; data: RotationJobData }) => void;
    claim?: (jobId: string) => Promise<boolean>;
  };
}): Promise<ScanReport> {
  const startedAt = options.now();
  const batchSize = options.batchSize ?? 500;
  let batch: ReturnType<typeof rotationJob>[] = [];
  let scanned = 0;
  let due = 0;
  let skipped = 0;
  const halfDone = new Set<string>();
  const flush = async () => {
    if (batch.length === 0) return;
    await options.queue.addBulk(batch);
    batch = [];
  };
  for await (const key of options.keys.listKeys()) {
    scanned++;
    const entry = planKey(key, startedAt, options.settings);
    options.onEntry?.(entry, startedAt);
    if (entry.decision === "skip") skipped++;
    if (entry.decision === "resume") halfDone.add(logicalNameOf(key.name));
    if (entry.decision !== "rotate") continue;
    due++;
    batch.push(
      rotationJob(
        { keyId: key.id, name: key.name, expiresAt: key.expiresAt, publicKeyId: key.publicKeyId },
        entry.jobId,
        options.scanTrace,
      ),
    );
    if (batch.length >= batchSize) await flush();
  }
  await flush();

  const resumed = await resumeHalfDone(options, halfDone);

  const healed = await healNeedsAttention(options.queue, {
    ...(options.healing ?? { retryFailedAfterMs: DEFAULT_RETRY_FAILED_AFTER_MS }),
    now: options.now(),
  });
  return {
    scanned,
    due,
    resumed,
    retried: healed.retried,
    expiredNeedingAttention: healed.expired,
    skipped,
    startedAt,
    finishedAt: options.now(),
  };
}
