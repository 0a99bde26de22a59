import type { SpanRef } from "../observability/tracing.js";
import type { RotationTarget } from "../rotation/context.js";
import type { FailureRecord } from "./needs-attention.js";

/**
 * The data of a rotation job. Ids, names, times and reasons only: BullMQ stores job data in clear
 * text, so a secret must never be put here.
 */
export interface RotationJobData extends RotationTarget {
  /** Set by `rotate <key>`: rotate even when not due. */
  readonly force?: boolean;
  /** Why the rotation stopped and needs a human (set when it is marked `needs-attention`). */
  readonly needsAttention?: string;
  /** What the clean-up did when the rotation was given up. */
  readonly cleanup?: string;
  /** How many runs of this rotation lost their claim (see `MAX_CLAIM_LOSSES`). */
  readonly claimLosses?: number;
  /** The total pause this rotation's 429s imposed so far (bounded by `KEYWARDEN_RATE_LIMIT_BUDGET`). */
  readonly rateLimitedMs?: number;
  /** Whether it was given up for a transient or a permanent reason, and when (decides the next try). */
  readonly failure?: FailureRecord;
  /** The rotation's trace root (ids only), kept so later runs join the same trace. */
  readonly trace?: SpanRef;
  /** The span of the scan that enqueued it, which the rotation's trace links to. */
  readonly scanTrace?: SpanRef;
}

/** The data of a scan job. */
export interface ScanJobData {
  /** What asked for the scan: the cron schedule, `keywarden-rotator scan`, or a `run` process starting. */
  readonly reason: "schedule" | "manual" | "startup";
}

/** What a finished rotation job returns (kept in Redis until trimmed; ids only). */
export interface RotationJobResult {
  readonly outcome: "rotated" | "not-due" | "nothing-to-do";
  readonly successorId?: string;
  readonly vaultPath?: string;
  readonly vaultVersion?: number;
  readonly verifiedBy?: "api" | "read-back";
  readonly reason?: string;
}
