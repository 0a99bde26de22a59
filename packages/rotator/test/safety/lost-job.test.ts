/**
 * A rotation whose job is lost: a non-persistent Redis restarts (empty) while a `worker` process is
 * inside the generate step, after the successor `<name>~next` was created. A later
 * `keywarden-rotator scan` finds the half-done rotation from the key service and finishes it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cliWorld, expectOneWorkingKey, logLine, withTimeout } from "./cli-world.js";
import { hasRedisServer, throwawayRedis } from "./throwaway-redis.js";

if (!hasRedisServer) console.warn("lost-job safety test skipped: `redis-server` is not installed");

describe.skipIf(!hasRedisServer)(
  "safety: a job lost with a non-persistent Redis restarted mid-rotation",
  () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it("the next scan finds the successor left behind and finishes the rotation", async () => {
      const redis = await throwawayRedis();
      cleanups.push(() => redis.close());
      const world = await cliWorld(["billing"], { redisUrl: redis.url });
      cleanups.push(() => world.close());
      const generate = world.hold("POST", "/api/api-keys/:id/generate");

      const worker = world.start(["worker"]);
      await worker.waitForLine(logLine({ event: "started" }), "its start-up line");
      const firstScan = await world.run(["scan", "--json"]);
      expect(firstScan.code, firstScan.stdout).toBe(0);
      expect(JSON.parse(firstScan.lines.at(-1) ?? "{}")).toMatchObject({ scanned: 1, due: 1, resumed: 0 });
      await withTimeout(generate.arrived, 20_000, "the rotation's generate");
      expect((await world.family("billing")).map((key) => key.name).sort()).toEqual([
        "billing",
        "billing~next",
      ]);

      const { connection, prefix } = world.redis;
      expect(await connection.keys(`${prefix}:rotations:rotate-*`)).not.toEqual([]);
      expect(await connection.exists(`${prefix}:lease:billing`)).toBe(1);

      // Redis dies and comes back empty: the job, its progress and the key's claim are gone.
      await redis.restart();
      expect(await connection.keys(`${prefix}:rotations:rotate-*`)).toEqual([]);
      expect(await connection.exists(`${prefix}:lease:billing`)).toBe(0);

      // The run held in `generate` goes on, then must stop at its next mutation: it lost its claim.
      generate.release();
      const stopped = await worker.waitForLine(
        logLine({ event: "rotation.step", step: "store", outcome: "failed" }),
        "the held run to stop before storing",
      );
      expect(JSON.parse(stopped).detail).toMatch(/Lost the claim on "billing"/);
      expect(world.count("POST", "/v1/secret/data/keywarden/billing")).toBe(0);
      // Apps still read the old key, and it still works.
      expect(await world.appView("billing")).toMatchObject({
        apiKey: world.secrets.get("billing"),
        version: 1,
        works: true,
      });

      const scan = await world.run(["scan", "--json"]);
      expect(scan.code, scan.stdout).toBe(0);
      // The key is due, so the scan's own job of it comes first; the resumption joins that job.
      expect(JSON.parse(scan.lines.at(-1) ?? "{}")).toMatchObject({ scanned: 2, due: 1, resumed: 0 });
      const finished = await worker.waitForLine(
        logLine({ event: "rotation.finished", kind: "rotated" }),
        "the resumed rotation to finish",
      );

      const { live } = await expectOneWorkingKey(world, "billing", { rotated: true });
      // The successor created before the restart was adopted (its name was taken: 409), and took the name.
      expect(JSON.parse(finished).successorId).toBe(live[0]?.id);
      expect(world.count("POST", "/api/api-keys", 201)).toBe(1);
      expect(world.count("POST", "/api/api-keys", 409)).toBe(1);
      // Its first secret never reached Vault (it died with the held run), so it was generated again.
      expect(world.count("POST", "/api/api-keys/{id}/generate", 200)).toBe(2);
      expect((await world.appView("billing")).version).toBe(2);
      expect(await worker.stop()).toBe(0);
    }, 45_000);

    it("a `run` process restores its scan schedule after Redis comes back empty, and its next scan finishes the rotation", async () => {
      const redis = await throwawayRedis();
      cleanups.push(() => redis.close());
      const world = await cliWorld(["billing"], { redisUrl: redis.url });
      cleanups.push(() => world.close());
      const generate = world.hold("POST", "/api/api-keys/:id/generate");

      // A scan every 2 s; the start-up scan enqueues the rotation, which is held in `generate`.
      const run = world.start(["run"], { KEYWARDEN_SCHEDULE: "*/2 * * * * *" });
      await withTimeout(generate.arrived, 20_000, "the rotation's generate");
      await redis.restart();
      generate.release();

      // No restart of the process: it notices the schedule is gone and writes it again.
      await run.waitForLine(logLine({ event: "schedule.restored" }), "the schedule to be restored");
      const finished = await run.waitForLine(
        logLine({ event: "rotation.finished", kind: "rotated" }),
        "a scan to resume the rotation and finish it",
      );
      const { live } = await expectOneWorkingKey(world, "billing", { rotated: true });
      expect(JSON.parse(finished).successorId).toBe(live[0]?.id);
      expect(await run.stop()).toBe(0);
    }, 45_000);
  },
);
