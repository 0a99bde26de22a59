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
    // "a~next" is the trace of a rotation of "a": its resumption joins the job of "a" (one job per key).
    expect(report).toMatchObject({ scanned: 7, due: 5, resumed: 1, skipped: 0 });
    const jobs = await queues.rotations.getWaiting(0, -1);
    expect(jobs.map((job) => job.data.keyId).sort()).toEqual(due.map((key) => key.id).sort());
    expect(jobs[0]?.data).toEqual({
      keyId: expect.any(String),
      name: expect.any(String),
      expiresAt: expect.any(Number),
    });
  });

  it("finds rotations whose job was lost, by their successor or retired key, and enqueues the job that finishes each", async () => {
    const world = createWorld();
    const later = world.clock.now() + 60 * DAY;
    // "mid": not due any more by its own expiry, but a successor exists: started, never finished.
    const mid = world.keys.seed({ name: "mid", allowedIp: [], expiresAt: later }).record;
    world.keys.seed({ name: "mid~next", allowedIp: [], expiresAt: later });
    // "gone": the original was deleted; only its successor is left.
    const orphan = world.keys.seed({ name: "gone~next", allowedIp: [], expiresAt: later }).record;
    // "half": renamed by a revoke step that never finished, still active; its successor exists.
    const renamed = world.keys.seed({ name: "half~retired-1", allowedIp: [], expiresAt: later }).record;
    world.keys.seed({ name: "half~next", allowedIp: [], expiresAt: later });
    // A finished rotation leaves a revoked retired key: nothing to do.
    const done = world.keys.seed({ name: "fine~retired-9", allowedIp: [], expiresAt: later }).record;
    world.keys.keys.set(done.id, { record: { ...done, status: "revoked" }, secret: null, generatedAt: null });

    const report = await scanAndEnqueue({
      keys: world.keys,
      queue: queues.rotations,
      settings: world.settings,
      now: world.clock.now,
    });
    expect(report).toMatchObject({ due: 0, resumed: 3 });
    const jobs = await queues.rotations.getWaiting(0, -1);
    expect(
      jobs
        .map((job) => [job.id, job.data.name, job.data.keyId])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      [`resume-${orphan.id}`, "gone", orphan.id],
      [`resume-${renamed.id}`, "half", renamed.id],
      [`resume-${mid.id}`, "mid", mid.id],
    ]);

    // The next scan finds the same jobs: nothing new.
    await scanAndEnqueue({
      keys: world.keys,
      queue: queues.rotations,
      settings: world.settings,
      now: world.clock.now,
    });
    expect(await queues.rotations.getWaitingCount()).toBe(3);
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
