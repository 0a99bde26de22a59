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
    // "a~next" looks like a rotation's trace, but Vault was not asked (no `secrets`): left alone; and
    // a resumption would only have joined the job of "a" (one job per key).
    expect(report).toMatchObject({ scanned: 7, due: 5, resumed: 0, skipped: 0 });
    const jobs = await queues.rotations.getWaiting(0, -1);
    expect(jobs.map((job) => job.data.keyId).sort()).toEqual(due.map((key) => key.id).sort());
    expect(jobs[0]?.data).toEqual({
      keyId: expect.any(String),
      name: expect.any(String),
      expiresAt: expect.any(Number),
      // the public id rides along from the start, so every line of the rotation can name the key by it
      publicKeyId: expect.stringMatching(/^key_[0-9a-f]{32}$/),
    });
  });

  it("finds rotations whose job was lost, by their successor or retired key, and enqueues the job that finishes each", async () => {
    const world = createWorld();
    const later = world.clock.now() + 60 * DAY;
    const seed = (name: string) => world.keys.seed({ name, allowedIp: [], expiresAt: later }).record;
    const rename = (id: string, name: string) => {
      const stored = world.keys.keys.get(id);
      if (stored) stored.record = { ...stored.record, name };
    };
    // "mid": not due by its own expiry, but its successor exists and Vault holds mid's secret.
    const mid = seed("mid");
    const midNext = seed("mid~next");
    world.secrets.seed("keywarden/mid", { api_key: "s", key_id: mid.id });
    // "gone": the original was deleted; only its successor is left; Vault carries the rotator's mark.
    const orphan = seed("gone~next");
    world.secrets.seed("keywarden/gone", { api_key: "s", key_id: "999" });
    await world.secrets.writeMetadata("keywarden/gone", { "managed-by": "keywarden-rotator" });
    // "half": renamed by a revoke step that never finished (its own id in its name), still active.
    const renamed = seed("half");
    rename(renamed.id, `half~retired-${renamed.id}`);
    const halfNext = seed("half~next");
    // Look-alikes a user made: no Vault trace of the rotator, no own id in the name. Left alone.
    seed("foo~next");
    const legacy = seed("legacy~retired-2023");
    // A finished rotation leaves a revoked retired key: nothing to do.
    const done = seed("fine");
    rename(done.id, `fine~retired-${done.id}`);
    world.keys.keys.set(done.id, {
      record: { ...(world.keys.keys.get(done.id)?.record ?? done), status: "revoked" },
      secret: null,
      generatedAt: null,
    });

    const report = await scanAndEnqueue({
      keys: world.keys,
      secrets: world.secrets,
      queue: queues.rotations,
      settings: world.settings,
      now: world.clock.now,
    });
    expect(report).toMatchObject({ due: 0, resumed: 3 });
    const jobs = await queues.rotations.getWaiting(0, -1);
    expect(
      jobs
        .map((job) => [job.id, job.data.name, job.data.keyId, job.data.successorId, job.data.force])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      [`resume-${orphan.id}`, "gone", orphan.id, undefined, true],
      [`resume-${renamed.id}`, "half", renamed.id, halfNext.id, true],
      [`resume-${mid.id}`, "mid", mid.id, midNext.id, true],
    ]);
    expect(jobs.map((job) => job.data.name)).not.toContain(legacy.name);

    // A resumption finishes the rotation, due or not (a forced rotation of "mid" was under way).
    const resumedMid = jobs.find((job) => job.data.name === "mid");
    const driven = {
      data: resumedMid?.data ?? { keyId: "?", name: "mid", expiresAt: null },
      checkpoints: 0,
      holder: "t",
    };
    expect(await world.drive(driven)).toMatchObject({ kind: "rotated", successorId: midNext.id });

    // The next scan finds the same jobs: nothing new, nothing counted.
    expect(
      await scanAndEnqueue({
        keys: world.keys,
        secrets: world.secrets,
        queue: queues.rotations,
        settings: world.settings,
        now: world.clock.now,
      }),
    ).toMatchObject({ resumed: 0 });
    expect(await queues.rotations.getWaitingCount()).toBe(3);
  });

  it("enqueues nothing for a rotation the listing saw in flight that finished before the resume pass", async () => {
    const world = createWorld();
    const later = world.clock.now() + 60 * DAY;
    const old = world.keys.seed({ name: "live", allowedIp: [], expiresAt: later }).record;
    const next = world.keys.seed({ name: "live~next", allowedIp: [], expiresAt: later }).record;
    world.secrets.seed("keywarden/live", { api_key: "s", key_id: next.id });
    await world.secrets.writeMetadata("keywarden/live", { "managed-by": "keywarden-rotator" });
    // Its job renames the successor and retires the old key while the scan pages on.
    const finish = () => {
      const successor = world.keys.keys.get(next.id);
      if (successor) successor.record = { ...successor.record, name: "live" };
      const retired = world.keys.keys.get(old.id);
      if (retired) retired.record = { ...retired.record, name: `live~retired-${old.id}`, status: "revoked" };
    };
    const keys = Object.create(world.keys) as typeof world.keys;
    let listings = 0;
    keys.listKeys = async function* () {
      for await (const key of world.keys.listKeys()) yield key;
      if (listings++ === 0) finish();
    };
    const report = await scanAndEnqueue({
      keys,
      secrets: world.secrets,
      queue: queues.rotations,
      settings: world.settings,
      now: world.clock.now,
    });
    // Before, a forced job from the family's current key (the finished successor) rotated it again.
    expect(report).toMatchObject({ due: 0, resumed: 0 });
    expect(await queues.rotations.getWaitingCount()).toBe(0);
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
