import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { freePort } from "../support/free-port.js";
import { eventually } from "../support/redis.js";
import { standaloneWorld } from "./standalone-world.js";

/** A private redis-server (append-only file, fsync always) so restarting it disturbs no one else. */
function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--appendfsync",
      "always",
      "--save",
      "",
    ],
    {
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (String(chunk).includes("Ready to accept connections")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code})`)));
  });
}

describe("crash: Redis restarted mid-run", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it("the workers reconnect and every rotation still converges", async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "kw-redis-"));
    let redis = await startRedis(port, dir);
    const names = Array.from({ length: 8 }, (_, index) => `app-${index}`);
    const world = await standaloneWorld(names, { redisUrl: `redis://127.0.0.1:${port}` });
    cleanup = async () => {
      await world.close();
      redis.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    };
    world.mock.faults.add({ path: "*", latencyMs: { min: 20, max: 60 } });
    await world.scan();
    await world.startWorker();
    await world.waitForArrival(/^POST \/v1\/secret\/data\/keywarden\//);

    const stopped = new Promise((resolve) => redis.once("exit", resolve));
    redis.kill("SIGKILL");
    await stopped;
    await new Promise((resolve) => setTimeout(resolve, 300));
    redis = await startRedis(port, dir);

    await eventually(
      () => world.queues.rotations.getCompletedCount(),
      (done) => done === names.length,
      45_000,
    );
    for (const name of names) {
      expect(convergenceViolations(await world.snapshot(name))).toEqual([]);
      expect((await world.appView(name)).works).toBe(true);
    }
  });
});
