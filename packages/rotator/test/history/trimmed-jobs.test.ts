/**
 * `history` from job records that lost fields: BullMQ keeps a job as a Redis hash, and a record
 * trimmed by hand, by an older rotator or by a partial restore may lack its result, its end time or
 * its failure reason. History must still come out, with null where nothing is left to say.
 */
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { buildHistory } from "../../src/history/history.js";
import { rotationJobsOf } from "../../src/history/jobs.js";
import type { RotationJobData, RotationJobResult } from "../../src/queue/job-data.js";
import { ROTATION_QUEUE } from "../../src/queue/names.js";
import { eventually, isolatedRedis } from "../support/redis.js";

const redis = isolatedRedis();
afterAll(() => redis.cleanup());

describe("history over trimmed job records", () => {
  it("a rotated job without its result or end time, and a failed one without its reason", async () => {
    const queue = new Queue<RotationJobData, RotationJobResult>(ROTATION_QUEUE, {
      connection: redis.connection,
      prefix: redis.prefix,
    });
    const worker = new Worker<RotationJobData, RotationJobResult>(
      ROTATION_QUEUE,
      async (job) => {
        if (job.data.keyId === "13") throw new UnrecoverableError("needs-attention: refused");
        return { outcome: "rotated", successorId: "21", vaultVersion: 2, verifiedBy: "api" };
      },
      { connection: redis.connection, prefix: redis.prefix },
    );
    const data = { name: "billing", expiresAt: Date.now() };
    await queue.add("rotate", { ...data, keyId: "12" }, { jobId: "rotate-12-1" });
    await queue.add("rotate", { ...data, keyId: "13" }, { jobId: "manual-13-1" });
    await eventually(
      async () => [await queue.getCompletedCount(), await queue.getFailedCount()],
      ([completed, failed]) => completed === 1 && failed === 1,
    );
    await worker.close();
    // Trim the records: the result and end of the rotated one, the reason and end of the failed one.
    const hash = (id: string) => `${redis.prefix}:${ROTATION_QUEUE}:${id}`;
    await redis.connection.hdel(hash("rotate-12-1"), "returnvalue", "finishedOn");
    await redis.connection.hdel(hash("manual-13-1"), "failedReason", "finishedOn", "stacktrace");

    const jobs = await rotationJobsOf(queue, "billing");
    await queue.close();
    expect(jobs).toHaveLength(2);
    // The rotated job says nothing any more: it neither matches a Vault version nor adds a rotation.
    expect(jobs.find((job) => job.jobId === "rotate-12-1")).toMatchObject({
      outcome: "other",
      finishedAt: undefined,
      successorId: undefined,
    });

    const versions = [
      { version: 1, createdAt: 1_000, keyId: "12", rotatedAt: undefined, gone: false },
      { version: 2, createdAt: 2_000, keyId: "21", rotatedAt: 2_000, gone: false },
    ];
    const history = buildHistory(versions, jobs);
    expect(history).toEqual([
      {
        at: new Date(2_000).toISOString(),
        outcome: "rotated",
        oldKeyId: "12",
        newKeyId: "21",
        vaultVersion: 2,
        verifiedBy: null,
        durationMs: null,
        startedBy: null,
        jobId: null,
      },
      {
        at: expect.any(String),
        outcome: "needs-attention",
        oldKeyId: "13",
        newKeyId: null,
        vaultVersion: null,
        verifiedBy: null,
        // No end time left: how long it took is unknown; who started it is in its id.
        durationMs: null,
        startedBy: "manual",
        jobId: "manual-13-1",
      },
    ]);
  });
});
