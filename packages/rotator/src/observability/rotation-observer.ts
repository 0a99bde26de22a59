import type { RotationJobData } from "../queue/job-data.js";
import type { RotationObserver } from "../queue/rotation-worker.js";
import type { Logger } from "./logger.js";
import type { RotatorMetrics } from "./metrics.js";

/**
 * Turns rotation events into JSON log lines and metrics. A rotation logs one info line when it ends;
 * each step logs a line (key id, name, step, attempt, duration) at debug, or at warn when it fails:
 * at info, per-step lines were about a fifteenth of the rotator's CPU in the throughput benchmark,
 * and the step histogram already carries their durations. Events carry ids only: the numeric id, and
 * the public id (`key_…`, safe to log) once the run has observed the key.
 */
export function observeRotations(logger: Logger, metrics?: RotatorMetrics): RotationObserver {
  return {
    step(event) {
      metrics?.stepDuration.observe({ step: event.step, outcome: event.outcome }, event.durationMs / 1000);
      const line = {
        event: "rotation.step",
        jobId: event.jobId,
        keyId: event.keyId,
        ...(event.publicKeyId === undefined ? {} : { publicKeyId: event.publicKeyId }),
        name: event.name,
        step: event.step,
        attempt: event.attempt,
        durationMs: event.durationMs,
        outcome: event.outcome,
        ...(event.detail ? { detail: event.detail } : {}),
      };
      if (event.outcome === "failed") logger.warn(line, `step ${event.step} failed`);
      else logger.debug(line, `step ${event.step} ${event.outcome}`);
    },
    finished(job, outcome) {
      metrics?.rotations.inc({ outcome: outcome.kind });
      logger.info({ event: "rotation.finished", ...jobFields(job), ...outcome }, `rotation ${outcome.kind}`);
    },
    retrying(job, reason, attempt) {
      metrics?.rotations.inc({ outcome: "retried" });
      logger.warn(
        { event: "rotation.retry", ...jobFields(job), attempt, reason },
        "rotation will be retried",
      );
    },
    rateLimited(job, retryAfterMs) {
      metrics?.rotations.inc({ outcome: "rate-limited" });
      logger.warn(
        { event: "rotation.rate-limited", ...jobFields(job), retryAfterMs },
        "API rate limit: queue paused",
      );
    },
    needsAttention(job, reason, cleanup) {
      metrics?.rotations.inc({ outcome: "needs-attention" });
      logger.error(
        { event: "rotation.needs-attention", ...jobFields(job), reason, cleanup },
        "rotation needs attention; the old key was left working",
      );
    },
  };
}

/** The ids every job log line carries; the public id once a run recorded it (after create). */
function jobFields(job: { id: string; data: RotationJobData }) {
  const { publicKeyId } = job.data;
  return {
    jobId: job.id,
    keyId: job.data.keyId,
    ...(publicKeyId === undefined ? {} : { publicKeyId }),
    name: job.data.name,
  };
}

/**
 * One observer calling each of `observers` in turn; one that throws is skipped, so logs, metrics
 * and webhooks can never fail the rotation they observe, nor each other.
 */
export function combineObservers(...observers: readonly RotationObserver[]): RotationObserver {
  const each =
    <K extends keyof RotationObserver>(hook: K) =>
    (...args: Parameters<NonNullable<RotationObserver[K]>>) => {
      for (const observer of observers) {
        try {
          (observer[hook] as ((...a: typeof args) => void) | undefined)?.(...args);
        } catch {
          // See above: an observer's failure stays its own.
        }
      }
    };
  return {
    step: each("step"),
    verified: each("verified"),
    finished: each("finished"),
    retrying: each("retrying"),
    rateLimited: each("rateLimited"),
    needsAttention: each("needsAttention"),
  };
}
