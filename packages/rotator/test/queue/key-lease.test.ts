import { afterEach, describe, expect, it } from "vitest";
import { createRedisKeyLease } from "../../src/queue/key-lease.js";
import { isolatedRedis } from "../support/redis.js";

describe("createRedisKeyLease (real Redis)", () => {
  const redis = isolatedRedis();
  afterEach(async () => {
    await redis.cleanup();
  });

  it("has the memory lease's semantics: one holder, re-entrant, renew only by the holder, expiry", async () => {
    const lease = createRedisKeyLease(redis.connection, redis.prefix);
    expect(await lease.acquire("billing", "a", 60_000)).toBe(true);
    expect(await lease.acquire("billing", "a", 60_000)).toBe(true);
    expect(await lease.acquire("billing", "b", 60_000)).toBe(false);
    expect(await lease.renew("billing", "b", 60_000)).toBe(false);
    expect(await lease.renew("billing", "a", 60_000)).toBe(true);
    await lease.release("billing", "b");
    expect(await lease.acquire("billing", "b", 60_000)).toBe(false);
    expect(await redis.connection.get(`${redis.prefix}:lease:billing`)).toBe("a");

    await lease.release("billing", "a");
    expect(await lease.renew("billing", "a", 60_000)).toBe(false);
    expect(await lease.acquire("billing", "b", 50)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await lease.renew("billing", "b", 60_000)).toBe(false);
    expect(await lease.acquire("billing", "c", 60_000)).toBe(true);
    expect(await lease.acquire("payroll", "a", 60_000)).toBe(true);
  });
});
