import { afterEach, describe, expect, it } from "vitest";
import { openQueues, type RotatorQueues } from "../../src/queue/queues.js";
import { createScanWorker, requestScan, scheduleScans } from "../../src/queue/scheduler.js";
import { eventually, isolatedRedis } from "../support/redis.js";
import { rotatorOn } from "../support/rotator-harness.js";
import { createWorld } from "../support/world.js";

describe("scan schedule (real Redis)", () => {
  let redis: ReturnType<typeof isolatedRedis>;
  let queues: RotatorQueues;
  afterEach(async () => {
    await queues.scans.obliterate({ force: true });
    await queues.rotations.obliterate({ force: true });
    await queues.close();
    await redis.cleanup();
  });

  it("upserting the schedule at every start keeps exactly one scheduler, with the latest pattern", async () => {
    redis = isolatedRedis();
    queues = openQueues({ connection: redis.connection, prefix: redis.prefix });
    await scheduleScans(queues.scans, "*/15 * * * *");
    await scheduleScans(queues.scans, "*/15 * * * *");
    await scheduleScans(queues.scans, "0 3 * * *");
    const schedulers = await queues.scans.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ pattern: "0 3 * * *", tz: "UTC" });
  });

  it("a scan job runs the scan, which enqueues the due keys", async () => {
    const world = createWorld({ realClock: true });
    world.seedDueKey("a");
    world.seedDueKey("b");
    // The harness's queues and scan; the afterEach above closes them.
    const rotator = rotatorOn(world);
    redis = rotator.redis;
    queues = rotator.queues;
    const worker = createScanWorker({
      connection: redis.connection,
      prefix: redis.prefix,
      scan: rotator.scan,
    });
    try {
      await requestScan(queues.scans);
      await eventually(
        () => queues.rotations.getWaitingCount(),
        (count) => count === 2,
      );
      const [done] = await eventually(
        () => queues.scans.getCompleted(),
        (jobs) => jobs.length === 1,
      );
      expect(done?.returnvalue).toMatchObject({ scanned: 2, due: 2 });
    } finally {
      await worker.close();
    }
  });
});
