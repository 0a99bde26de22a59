/**
 * Names shared by every rotator process on one Redis. The default prefix carries a hash tag
 * (`{keywarden}`) so that all of BullMQ's keys land in one Redis Cluster slot, which BullMQ's
 * multi-key scripts require.
 */

/** Default BullMQ key prefix (hash-tagged for Redis Cluster). */
export const DEFAULT_QUEUE_PREFIX = "{keywarden}";

/** Queue holding one job per key to rotate. */
export const ROTATION_QUEUE = "rotations";

/** Queue holding scan jobs (fired by the schedule, or by `keywarden-rotator scan`). */
export const SCAN_QUEUE = "scans";

/** Job name of a rotation. */
export const ROTATE_JOB = "rotate";

/** Job name of a scan. */
export const SCAN_JOB = "scan";

/** Id of the job scheduler that fires scans; upserting it at every start is safe. */
export const SCAN_SCHEDULER_ID = "scan-on-schedule";

/** Prefix of the failure reason of a rotation that needs a human. */
export const NEEDS_ATTENTION = "needs-attention";
