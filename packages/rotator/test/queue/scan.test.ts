import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openQueues, type RotatorQueues } from "../../src/queue/queues.js";
import { scanAndEnqueue } from "../../src/queue/scan.js";
import { isolatedRedis } from "../support/redis.js";
import { createWorld, DAY } from "../support/world.js";

describe("scan (real Redis)", () => {
  let redis: ReturnType<typeof isolatedRedis>;
  let queues: RotatorQueues;
  beforeEach(() => {
    redis = isolatedRedis();
    queues = openQueues({ connection: redis.connection, prefix: redis.prefix });
  });
  afterEach(async () => {
    await queues.rotations.obliterate({ force: true });
    await queues.close();
    await redis.cleanup();
  });

  it("enqueues one job per due key, in batches, and none for keys not due or skipped", async () => {
    const world = createWorld();
    const due = ["a", "b", "c", "d", "e"].map((name) => world.seedDueKey(name).record);
    world.seedDueKey("later", { expiresIn: 60 * DAY });
    world.keys.seed({ name: "a~next", allowedIp: [], expiresAt: world.clock.now() + DAY });
    const report = await scanAndEnqueue({
      keys: world.keys,
      queue: queues.rotations,
      settings: world.settings,
      now: world.clock.now,
      batchSize: 2,
    });
    expect(report).toMatchObject({ scanned: 7, due: 5, skipped: 1 });
    const jobs = await queues.rotations.getWaiting(0, -1);
    expect(jobs.map((job) => job.data.keyId).sort()).toEqual(due.map((key) => key.id).sort());
    expect(jobs[0]?.data).toEqual({
      keyId: expect.any(String),
      name: expect.any(String),
      expiresAt: expect.any(Number),
    });
  });

  it("deduplicates across overlapping scans: same key and expiry, same job", async () => {
    const world = createWorld();
    world.seedDueKey("a");
    world.seedDueKey("b");
    const scan = () =>
      scanAndEnqueue({
        keys: world.keys,
        queue: queues.rotations,
        settings: world.settings,
        now: world.clock.now,
      });
    await Promise.all([scan(), scan(), scan()]);
    expect(await queues.rotations.getWaitingCount()).toBe(2);
  });
});
