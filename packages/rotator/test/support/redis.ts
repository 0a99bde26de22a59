import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createRedisConnection } from "../../src/queue/connection.js";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A connection plus a prefix no other test uses; `cleanup` deletes every key under the prefix. */
export function isolatedRedis(url = REDIS_URL): {
  connection: Redis;
  prefix: string;
  cleanup: () => Promise<void>;
} {
  const connection = createRedisConnection(url);
  // Hash-tagged like the real default, unique per test.
  const prefix = `{kwtest-${randomUUID().slice(0, 8)}}`;
  return {
    connection,
    prefix,
    async cleanup() {
      const stream = connection.scanStream({ match: `${prefix}*`, count: 500 });
      for await (const keys of stream as AsyncIterable<string[]>) {
        if (keys.length > 0) await connection.del(...keys);
      }
      await connection.quit();
    },
  };
}

/** Resolves when `predicate` holds, polling (the queue works asynchronously). */
export async function eventually<T>(
  probe: () => Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
