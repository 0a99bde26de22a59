/**
 * A key's rotations over time, put together from what already exists: Vault's versions (which key
 * each held, and when the rotator wrote it), the rotation jobs Redis still keeps (how it was
 * verified, how long it took, who started it, and the rotations that failed), and the old keys'
 * state in the key service. Pure: the `history` command reads, this decides.
 */
import type { VaultVersionRecord } from "../adapters/vault-history.js";

/** What a kept rotation job says (a trimmed job says nothing: those fields are then null). */
export interface RotationJobRecord {
  readonly jobId: string;
  readonly keyId: string;
  readonly startedBy: "schedule" | "manual";
  /** Epoch ms: when the job was queued, and when it ended. */
  readonly queuedAt: number;
  readonly finishedAt: number | undefined;
  readonly outcome: "rotated" | "needs-attention" | "other";
  readonly successorId?: string | undefined;
  readonly vaultVersion?: number | undefined;
  readonly verifiedBy?: "api" | "read-back" | undefined;
  readonly reason?: string | undefined;
}

/** One rotation of a key, as `history` shows it. */
export interface HistoryEntry {
  /** ISO time: when the new version was written (or the job ended, for a failed rotation). */
  readonly at: string;
  readonly outcome: "rotated" | "needs-attention";
  readonly oldKeyId: string | null;
  readonly newKeyId: string | null;
  readonly vaultVersion: number | null;
  /** `api`, `read-back`, or null when no job record is left to say. */
  readonly verifiedBy: "api" | "read-back" | null;
  /** From queued to finished (grace period and retries included); null without a job record. */
  readonly durationMs: number | null;
  /** `schedule` (a scan enqueued it), `manual` (`rotate`), or null without a job record. */
  readonly startedBy: "schedule" | "manual" | null;
  readonly jobId: string | null;
  /** Why it needs attention (failed rotations only). */
  readonly reason?: string;
}

/**
 * The rotations, oldest first. A Vault version holding another key than the version before it is
 * a rotation; the job that returned that version tells the rest. Failed jobs are rotations that
 * needed attention; rotated jobs whose Vault version is gone still count.
 */
export function buildHistory(
  versions: readonly VaultVersionRecord[],
  jobs: readonly RotationJobRecord[],
): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const used = new Set<string>();
  const fromJob = (job: RotationJobRecord | undefined) => ({
    verifiedBy: job?.verifiedBy ?? null,
    durationMs: job?.finishedAt === undefined ? null : job.finishedAt - job.queuedAt,
    startedBy: job?.startedBy ?? null,
    jobId: job?.jobId ?? null,
  });
  for (const [index, version] of versions.entries()) {
    const before = versions[index - 1];
    // The first version is usually the key ops stored (no `rotated_at`), unless the rotator wrote
    // it; a version holding the same key again is a re-store.
    if (version.keyId === undefined || version.keyId === before?.keyId) continue;
    if (!before && version.rotatedAt === undefined) continue;
    const job = jobs.find(
      (candidate) =>
        candidate.outcome === "rotated" &&
        candidate.vaultVersion === version.version &&
        candidate.successorId === version.keyId,
    );
    if (job) used.add(job.jobId);
    entries.push({
      at: new Date(version.rotatedAt ?? version.createdAt).toISOString(),
      outcome: "rotated",
      oldKeyId: before?.keyId ?? job?.keyId ?? null,
      newKeyId: version.keyId,
      vaultVersion: version.version,
      ...fromJob(job),
    });
  }
  for (const job of jobs) {
    if (used.has(job.jobId) || job.outcome === "other") continue;
    // A rotated job whose version Vault no longer shows (deleted, or a path that moved).
    if (job.outcome === "rotated" && entries.some((entry) => entry.vaultVersion === job.vaultVersion))
      continue;
    entries.push({
      at: new Date(job.finishedAt ?? job.queuedAt).toISOString(),
      outcome: job.outcome,
      oldKeyId: job.keyId,
      newKeyId: job.successorId ?? null,
      vaultVersion: job.vaultVersion ?? null,
      ...fromJob(job),
      ...(job.reason ? { reason: job.reason } : {}),
    });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
