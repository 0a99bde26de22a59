import { afterEach, describe, expect, it } from "vitest";
import type { OwnKey } from "../../src/ports.js";
import { keepOwnKeyRegistered, redisOwnKeyRegistry } from "../../src/queue/own-keys.js";
import { eventually, isolatedRedis } from "../support/redis.js";

describe("the registry of keys rotator processes run with (real Redis)", () => {
  const redis = isolatedRedis();
  afterEach(async () => {
    await redis.cleanup();
  });

  it("holds each process's key while it keeps saying so, and forgets it after", async () => {
    let now = 1_000_000;
    const registry = redisOwnKeyRegistry(redis.connection, redis.prefix, () => now);
    expect(await registry.lookup("7")).toBeUndefined();
    await registry.register("7", { kind: "managed", path: "keywarden/rotator" }, 30_000);
    await registry.register("9", { kind: "fixed" }, 30_000);
    expect(await registry.lookup("7")).toEqual({ kind: "managed", path: "keywarden/rotator" });
    expect(await registry.lookup("9")).toEqual({ kind: "fixed" });
    now += 30_001;
    expect(await registry.lookup("7")).toBeUndefined();

    const own: OwnKey = {
      kind: "fixed",
      isOwn: async () => false,
      reload: async () => "11",
      currentId: async () => "11",
    };
    now = Date.now();
    const live = redisOwnKeyRegistry(redis.connection, redis.prefix);
    const beat = keepOwnKeyRegistered(live, own, { intervalMs: 20 });
    await eventually(
      () => live.lookup("11"),
      (entry) => entry?.kind === "fixed",
      2_000,
    );
    beat.stop();
  });
});
