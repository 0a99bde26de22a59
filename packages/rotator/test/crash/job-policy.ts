import type { RotationJobPolicy } from "../../src/queue/queues.js";

/**
 * The rotation jobs' retry policy in the crash tests: many quick retries. A job carries the policy of
 * the queue that enqueued it, so the tests' scan and the worker processes must both use this one
 * (with the default 2 s backoff, three unlucky 503s in a row took 14 s and timed a test out).
 */
export const CRASH_JOB_POLICY: RotationJobPolicy = { attempts: 20, backoffMs: 50 };
