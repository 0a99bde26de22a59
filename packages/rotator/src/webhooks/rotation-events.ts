/**
 * Which webhook events rotations and scans produce. Pure mappings from what the worker and the scan
 * already know (ids, names, the Vault version, the plan's decision) to events; the ids depend on
 * the occurrence only, so noticing it again yields the same `webhook-id`.
 */
import type { RotationJobData } from "../queue/job-data.js";
import type { RotationObserver, VerifiedEvent } from "../queue/rotation-worker.js";
import type { PlanEntry } from "../rotation/plan.js";
import { iso, type WebhookEvent, webhookEvent } from "./events.js";
import type { WebhookOutbox } from "./outbox.js";

type JobRef = { id: string; data: RotationJobData };

// absent, not null, where the key service has no public ids (UTMStack v11)
const publicId = (id: string | undefined) => (id === undefined ? {} : { publicKeyId: id });

/** `rotation.verified`: the successor's secret is Vault's current version and works. */
export function verifiedEvent(job: JobRef, verified: VerifiedEvent, now: number): WebhookEvent {
  return webhookEvent(
    "rotation.verified",
    {
      keyId: job.data.keyId,
      ...publicId(job.data.publicKeyId),
      name: job.data.name,
      successorId: verified.successorId,
      vaultPath: verified.vaultPath,
      vaultVersion: verified.vaultVersion,
      verifiedBy: verified.verifiedBy,
      verifiedAt: iso(verified.verifiedAt),
      jobId: job.id,
    },
    [job.data.keyId, verified.successorId, verified.vaultVersion],
    now,
  );
}

/**
 * The events of rotations, as a worker observer: verified, completed (with verified again, the same
 * event, for a run that found the rotation already past its verification) and needs-attention.
 */
export function rotationWebhooks(outbox: WebhookOutbox, now: () => number): RotationObserver {
  return {
    verified(job, verified) {
      outbox.emit(verifiedEvent(job, verified, now()));
    },
    finished(job, outcome) {
      if (outcome.kind !== "rotated") return;
      const at = now();
      const { successorId, vaultPath, vaultVersion, verifiedBy } = outcome;
      const verifiedAt = job.data.verifiedVersion === vaultVersion ? (job.data.verifiedAt ?? at) : at;
      outbox.emit(verifiedEvent(job, { successorId, vaultPath, vaultVersion, verifiedBy, verifiedAt }, at));
      outbox.emit(
        webhookEvent(
          "rotation.completed",
          {
            keyId: job.data.keyId,
            ...publicId(job.data.publicKeyId),
            name: job.data.name,
            successorId,
            vaultPath,
            vaultVersion,
            verifiedBy,
            completedAt: iso(at),
            jobId: job.id,
          },
          [job.data.keyId, successorId, vaultVersion],
          at,
        ),
      );
    },
    needsAttention(job, reason, cleanup) {
      const at = now();
      outbox.emit(
        webhookEvent(
          "rotation.needs_attention",
          {
            keyId: job.data.keyId,
            ...publicId(job.data.publicKeyId),
            name: job.data.name,
            jobId: job.id,
            step: job.data.step ?? null,
            reason,
            observedState: cleanup,
            failedAt: iso(at),
          },
          [job.id, at],
          at,
        ),
      );
    },
  };
}

/**
 * The event a scan's plan entry calls for, if any: a live key inside its window that no policy
 * rotates (`key.expiring_unmanaged`), or a managed key already expired with no successor in place
 * (`key.expired`; its rotation is queued, or needs attention).
 */
export function scanEvent(entry: PlanEntry, now: number): WebhookEvent | undefined {
  const { key } = entry;
  if (key.status !== "active" || key.expiresAt === null) return undefined;
  const inWindow = entry.rotateAt !== undefined && entry.rotateAt <= now;
  if (entry.decision === "skip" && inWindow) {
    return webhookEvent(
      "key.expiring_unmanaged",
      {
        keyId: key.id,
        ...publicId(key.publicKeyId),
        name: key.name,
        expiresAt: iso(key.expiresAt),
        reason: entry.reason,
      },
      [key.id, key.expiresAt],
      now,
    );
  }
  if (entry.decision === "rotate" && key.expiresAt <= now) {
    return webhookEvent(
      "key.expired",
      {
        keyId: key.id,
        ...publicId(key.publicKeyId),
        name: key.name,
        expiresAt: iso(key.expiresAt),
        reason:
          "expired before a successor took over; its rotation is queued or needs attention (see status)",
      },
      [key.id, key.expiresAt],
      now,
    );
  }
  return undefined;
}
