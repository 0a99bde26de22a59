/**
 * The rotation jobs Redis still keeps for one logical key (completed ones for a day, failed ones for
 * 30 days: see `queues.ts`), as history records.
 */
import type { Job, Queue } from "bullmq";
import { redactCredentials } from "../observability/redact.js";
import type { RotationJobData, RotationJobResult } from "../queue/job-data.js";
import type { RotationJobRecord } from "./history.js";

const LOOKED_AT = 10_000;

/** The kept rotation jobs of `name`. */
export async function rotationJobsOf(
  queue: Queue<RotationJobData>,
  name: string,
): Promise<RotationJobRecord[]> {
  const [completed, failed] = await Promise.all([
    queue.getCompleted(0, LOOKED_AT - 1) as Promise<Job<RotationJobData, RotationJobResult>[]>,
    queue.getFailed(0, LOOKED_AT - 1) as Promise<Job<RotationJobData, RotationJobResult>[]>,
  ]);
  const record = (job: Job<RotationJobData, RotationJobResult>, failedJob: boolean): RotationJobRecord => {
    const result = failedJob ? undefined : job.returnvalue;
    return {
      jobId: String(job.id),
      keyId: job.data.keyId,
      // `rotate` names its jobs manual-…; scans (scheduled or `scan`) rotate-… and resume-….
      startedBy: String(job.id).startsWith("manual-") ? "manual" : "schedule",
      queuedAt: job.timestamp,
      finishedAt: job.finishedOn,
      outcome: failedJob ? "needs-attention" : result?.outcome === "rotated" ? "rotated" : "other",
      successorId: result?.successorId ?? (failedJob ? job.data.successorId : undefined),
      vaultVersion: result?.vaultVersion,
      verifiedBy: result?.verifiedBy,
      ...(failedJob ? { reason: redactCredentials(job.data.needsAttention ?? job.failedReason ?? "") } : {}),
    };
  };
  return [
    ...completed.filter((job) => job.data.name === name).map((job) => record(job, false)),
    ...failed.filter((job) => job.data.name === name).map((job) => record(job, true)),
  ];
}
