import type { Job, Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import type { RotationJobData } from "../../src/queue/job-data.js";
import { healNeedsAttention, nextTry } from "../../src/queue/needs-attention.js";

const HOUR = 3_600_000;
const NOW = Date.parse("2026-03-01T12:00:00Z");

/** A failed job as BullMQ hands it out, recording what healing does to it. */
function failedJob(data: RotationJobData) {
  const seen: string[] = [];
  const job = {
    id: `rotate-${data.keyId}`,
    data,
    async updateData(next: RotationJobData) {
      job.data = next;
      seen.push("updateData");
    },
    async retry() {
      seen.push("retry");
    },
  };
  return { job, seen };
}

const queueOf = (jobs: { job: unknown }[]) =>
  ({ getFailed: async () => jobs.map(({ job }) => job) }) as unknown as Queue<RotationJobData>;

const base = { keyId: "1", name: "billing", expiresAt: NOW + 24 * HOUR };

describe("needs-attention that heals itself", () => {
  it("tries a transient failure again after the cool-down, a permanent one only once the configuration changed", async () => {
    const transient = failedJob({
      ...base,
      needsAttention: "gave up after 8 attempts: 503",
      failure: { kind: "transient", at: NOW - 2 * HOUR, config: "aaaa" },
    });
    const recent = failedJob({
      ...base,
      keyId: "2",
      name: "crm",
      failure: { kind: "transient", at: NOW - HOUR / 2, config: "aaaa" },
    });
    const permanent = failedJob({
      ...base,
      keyId: "3",
      name: "erp",
      failure: { kind: "permanent", at: NOW - 2 * HOUR, config: "aaaa" },
    });
    const policy = { retryFailedAfterMs: HOUR, configFingerprint: "aaaa" };

    expect(
      await healNeedsAttention(queueOf([transient, recent, permanent]), { ...policy, now: NOW }),
    ).toEqual({
      retried: 1,
      expired: 0,
    });
    expect(transient.seen).toEqual(["updateData", "retry"]);
    expect(transient.job.data).toEqual(base); // the needs-attention marks are cleared
    expect(recent.seen).toEqual([]);
    expect(permanent.seen).toEqual([]);

    // The configuration changed (a new token, a fixed policy): the permanent one is tried again.
    await healNeedsAttention(queueOf([permanent]), { ...policy, configFingerprint: "bbbb", now: NOW });
    expect(permanent.seen).toEqual(["updateData", "retry"]);
  });

  it("reports keys that expired while waiting for a human, and says when each is tried again", async () => {
    const expired = failedJob({
      ...base,
      expiresAt: NOW - 1,
      failure: { kind: "permanent", at: NOW - HOUR, config: "aaaa" },
    });
    const heard: string[] = [];
    expect(
      await healNeedsAttention(queueOf([expired]), {
        retryFailedAfterMs: HOUR,
        configFingerprint: "aaaa",
        now: NOW,
        onExpired: (job: Job<RotationJobData>) => heard.push(job.data.name),
      }),
    ).toEqual({ retried: 0, expired: 1 });
    expect(heard).toEqual(["billing"]);

    expect(nextTry(expired.job.data, { retryFailedAfterMs: HOUR, configFingerprint: "aaaa" })).toMatchObject({
      kind: "after-fix",
      hint: expect.stringContaining("rotate billing"),
    });
    expect(
      nextTry({ ...base, failure: { kind: "transient", at: NOW } }, { retryFailedAfterMs: HOUR }),
    ).toEqual({ kind: "at", at: NOW + HOUR });
  });
});
