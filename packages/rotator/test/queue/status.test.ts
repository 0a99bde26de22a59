import { UnrecoverableError, Worker } from "bullmq";
import { describe, expect, it } from "vitest";
import { ROTATION_QUEUE } from "../../src/queue/names.js";
import { openQueues } from "../../src/queue/queues.js";
import { readStatus } from "../../src/queue/status.js";
import { eventually, isolatedRedis } from "../support/redis.js";

describe("readStatus", () => {
  it("redacts URL credentials from needs-attention reasons already stored in Redis", async () => {
    const redis = isolatedRedis();
    const queues = openQueues({ connection: redis.connection, prefix: redis.prefix });
    // A failure recorded as is (as an older rotator, or another tool, might have stored it).
    const worker = new Worker(
      ROTATION_QUEUE,
      async () => {
        throw new UnrecoverableError("needs-attention: list keys: http://user:pw123@utm.internal/api");
      },
      { connection: redis.connection, prefix: redis.prefix },
    );
    try {
      await queues.rotations.add("rotate", { keyId: "7", name: "billing", expiresAt: null });
      await eventually(
        () => queues.rotations.getFailedCount(),
        (count) => count === 1,
      );
      const status = await readStatus(queues);
      expect(status.needsAttention[0]?.reason).toBe(
        "needs-attention: list keys: http://[redacted]@utm.internal/api",
      );
      expect(JSON.stringify(status)).not.toContain("pw123");
    } finally {
      await worker.close();
      await queues.close();
      await redis.cleanup();
    }
  });
});
