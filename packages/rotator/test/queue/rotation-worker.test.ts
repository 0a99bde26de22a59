import { afterEach, describe, expect, it } from "vitest";
import { TransientError } from "../../src/port-errors.js";
import { stopWorker } from "../../src/queue/rotation-worker.js";
import { readStatus } from "../../src/queue/status.js";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { eventually } from "../support/redis.js";
import { rotatorOn } from "../support/rotator-harness.js";
import { createWorld } from "../support/world.js";

describe("rotation worker (real Redis)", () => {
  let harness: ReturnType<typeof rotatorOn> | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("rotates every due key and never writes a secret into Redis", async () => {
    const world = createWorld({ realClock: true });
    const seeded = ["a", "b", "c"].map((name) => world.seedDueKey(name));
    harness = rotatorOn(world);
    await harness.scan();
    harness.startWorker();
    const queue = harness.queues.rotations;
    await eventually(
      () => queue.getCompletedCount(),
      (count) => count === 3,
    );
    for (const { record } of seeded)
      expect(convergenceViolations(world.snapshot(record.name, record.id))).toEqual([]);

    const secrets = [...world.keys.keys.values()].flatMap((stored) => (stored.secret ? [stored.secret] : []));
    const dump: string[] = [];
    const { connection, prefix } = harness.redis;
    for (const key of await connection.keys(`${prefix}*`)) {
      const type = await connection.type(key);
      if (type === "hash") dump.push(JSON.stringify(await connection.hgetall(key)));
      else if (type === "string") dump.push(String(await connection.get(key)));
      else if (type === "list") dump.push(JSON.stringify(await connection.lrange(key, 0, -1)));
      else if (type === "zset") dump.push(JSON.stringify(await connection.zrange(key, "0", "-1")));
      else if (type === "stream") dump.push(JSON.stringify(await connection.xrange(key, "-", "+")));
    }
    const text = dump.join("\n");
    expect(text).toContain(seeded[0]?.record.id ?? "");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("retries a transient failure with backoff and then succeeds", async () => {
    const world = createWorld({ realClock: true });
    const { record } = world.seedDueKey("flaky");
    world.faults.setFaults([{ at: 2, when: "before", kind: "transient" }]);
    harness = rotatorOn(world);
    await harness.scan();
    harness.startWorker();
    const [job] = await eventually(
      () => harness!.queues.rotations.getCompleted(),
      (jobs) => jobs.length === 1,
    );
    expect(job?.attemptsMade).toBe(2);
    expect(convergenceViolations(world.snapshot("flaky", record.id))).toEqual([]);
  });

  it("pauses on 429 without using an attempt", async () => {
    const world = createWorld({ realClock: true });
    world.seedDueKey("busy");
    // call 0 is the scan's list; call 1 is the rotation's first read
    world.faults.setFaults([{ at: 1, when: "before", kind: "rate-limited" }]);
    const limited: number[] = [];
    harness = rotatorOn(world, { observer: { rateLimited: (_job, ms) => limited.push(ms) } });
    await harness.scan();
    harness.startWorker();
    const [job] = await eventually(
      () => harness!.queues.rotations.getCompleted(),
      (jobs) => jobs.length === 1,
    );
    expect(limited).toEqual([50]);
    expect(job?.attemptsMade).toBe(1);
  });

  it("marks a permanent failure needs-attention at once, cleans up, and lists it in status", async () => {
    const world = createWorld({ realClock: true, keyService: { keyLimit: 1 } });
    const { secret } = world.seedDueKey("capped");
    harness = rotatorOn(world, { attempts: 5 });
    await harness.scan();
    harness.startWorker();
    const [job] = await eventually(
      () => harness!.queues.rotations.getFailed(),
      (jobs) => jobs.length === 1,
    );
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/^needs-attention: Key limit reached/);
    expect(await world.keys.authenticate(secret)).toBe("accepted");
    const status = await readStatus(harness.queues);
    expect(status.needsAttention).toEqual([
      expect.objectContaining({
        name: "capped",
        reason: expect.stringMatching(/Key limit/),
        // What was looked up, not assumed: the API accepted the old key's secret that Vault holds.
        cleanup:
          'no successor to clean up. Observed now: old key 1 "capped" active; no successor; Vault keywarden/capped version 1: key 1\'s secret, accepted by the API',
      }),
    ]);
    expect(status.counts.failed).toBe(1);
  });

  it("gives up after the last attempt of a persistent transient failure, rolling back the successor", async () => {
    const world = createWorld({ realClock: true });
    const { record, secret } = world.seedDueKey("sealed");
    // Every Vault write fails, as if Vault stayed sealed.
    world.secrets.write = async () => {
      throw new TransientError("Vault is sealed (503)");
    };
    harness = rotatorOn(world, { attempts: 3 });
    await harness.scan();
    harness.startWorker();
    const [job] = await eventually(
      () => harness!.queues.rotations.getFailed(),
      (jobs) => jobs.length === 1,
    );
    expect(job?.attemptsMade).toBe(3);
    expect(job?.failedReason).toMatch(/needs-attention: gave up after 3 attempts: Vault is sealed/);
    expect(job?.data.cleanup).toMatch(/deleted/);
    expect(await world.keys.authenticate(secret)).toBe("accepted");
    expect(world.snapshot("sealed", record.id).keys).toHaveLength(1);
  });

  it("keeps URL credentials from an error out of Redis (failed reasons and stack traces)", async () => {
    const world = createWorld({ realClock: true });
    world.seedDueKey("leaky");
    world.secrets.write = async () => {
      throw new TransientError("write to Vault: cannot reach http://vaultuser:pw123@vault.internal:8200/v1");
    };
    harness = rotatorOn(world, { attempts: 2 });
    await harness.scan();
    harness.startWorker();
    const [job] = await eventually(
      () => harness!.queues.rotations.getFailed(),
      (jobs) => jobs.length === 1,
    );
    expect(job?.failedReason).toContain("http://[redacted]@vault.internal:8200/v1");
    const { connection, prefix } = harness.redis;
    const dump: string[] = [];
    for (const key of await connection.keys(`${prefix}*`)) {
      if ((await connection.type(key)) === "hash") dump.push(JSON.stringify(await connection.hgetall(key)));
    }
    expect(dump.join("\n")).toContain("[redacted]");
    expect(dump.join("\n")).not.toContain("pw123");
  });

  it("waits out the grace period as a delayed job, old key still working, then revokes", async () => {
    const world = createWorld({ realClock: true, settings: { gracePeriod: 400 } });
    const { record, secret } = world.seedDueKey("graceful");
    harness = rotatorOn(world);
    await harness.scan();
    harness.startWorker();
    const [delayed] = await eventually(
      () => harness!.queues.rotations.getDelayed(),
      (jobs) => jobs.length === 1,
    );
    expect(delayed?.data.step).toBe("grace");
    expect(await world.keys.authenticate(secret)).toBe("accepted");
    await eventually(
      () => harness!.queues.rotations.getCompletedCount(),
      (count) => count === 1,
    );
    expect(await world.keys.authenticate(secret)).toBe("refused");
    expect(convergenceViolations(world.snapshot("graceful", record.id))).toEqual([]);
  });

  it("on shutdown stops at a step boundary and requeues without using an attempt; another worker finishes", async () => {
    const world = createWorld({ realClock: true });
    const { record } = world.seedDueKey("slow");
    world.faults.latency = (op) => (op === "create" ? 300 : 0);
    harness = rotatorOn(world);
    await harness.scan();
    const first = harness.startWorker();
    await eventually(
      () => harness!.queues.rotations.getActiveCount(),
      (count) => count === 1,
    );
    await eventually(async () => world.faults.log.includes("create"), Boolean);
    expect(await stopWorker(first, 5_000)).toBe("graceful");
    const [parked] = await harness.queues.rotations.getJobs(["wait", "delayed"]);
    expect(parked?.attemptsMade).toBe(0);
    // create finished (its successor is recorded); the rotation stopped before generating
    expect(parked?.data.step).toBe("generate");
    expect(parked?.data.successorId).toBeDefined();
    world.faults.latency = undefined;
    harness.startWorker();
    await eventually(
      () => harness!.queues.rotations.getCompletedCount(),
      (count) => count === 1,
    );
    expect(convergenceViolations(world.snapshot("slow", record.id))).toEqual([]);
  });

  it("stops by its deadline and one second when a step is stuck in a request, then another worker resumes", async () => {
    const world = createWorld({ realClock: true });
    const { record } = world.seedDueKey("stuck");
    world.faults.latency = (op) => (op === "create" ? 4_000 : 0);
    harness = rotatorOn(world);
    await harness.scan();
    const first = harness.startWorker();
    await eventually(async () => world.faults.log.includes("create"), Boolean);
    const started = performance.now();
    expect(await stopWorker(first, 200)).toBe("forced");
    // BullMQ's forced close waits for the graceful one, which waits for the stuck create (4 s).
    expect(performance.now() - started).toBeLessThan(2_000);
    world.faults.latency = undefined;
    harness.startWorker();
    await eventually(
      () => harness!.queues.rotations.getCompletedCount(),
      (count) => count === 1,
      20_000,
    );
    expect(convergenceViolations(world.snapshot("stuck", record.id))).toEqual([]);
  });

  it("two workers sharing the queue rotate each key exactly once", async () => {
    const world = createWorld({ realClock: true });
    const seeded = Array.from({ length: 20 }, (_, index) => world.seedDueKey(`svc-${index}`));
    harness = rotatorOn(world);
    await harness.scan();
    await harness.scan();
    harness.startWorker(4);
    harness.startWorker(4);
    await eventually(
      () => harness!.queues.rotations.getCompletedCount(),
      (count) => count === 20,
    );
    expect(world.faults.log.filter((op) => op === "create")).toHaveLength(20);
    for (const { record } of seeded)
      expect(convergenceViolations(world.snapshot(record.name, record.id))).toEqual([]);
  });
});
