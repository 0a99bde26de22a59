import { afterEach, describe, expect, it } from "vitest";
import { embedRotator } from "../../examples/embed.js";
import { isolatedRedis, REDIS_URL } from "../support/redis.js";
import { mockOverSocketForFile } from "../support/socket-mock.js";

const { url } = mockOverSocketForFile([
  { name: "later", secret: "later-secret-00000000000000000000000000000", expiresInDays: 60 },
]);

describe("the README's API example (examples/embed.ts)", () => {
  let redis: ReturnType<typeof isolatedRedis> | undefined;
  afterEach(async () => {
    await redis?.cleanup();
    redis = undefined;
  });

  it("starts from the environment, scans, serves /readyz, and stops gracefully", async () => {
    redis = isolatedRedis();
    const rotator = await embedRotator({
      KEYWARDEN_URL: url(),
      KEYWARDEN_USERNAME: "admin",
      KEYWARDEN_PASSWORD: "admin",
      VAULT_ADDR: url(),
      VAULT_TOKEN: "root",
      REDIS_URL,
      KEYWARDEN_QUEUE_PREFIX: redis.prefix,
      KEYWARDEN_SCHEDULE: "0 0 1 1 *",
      KEYWARDEN_LOG_LEVEL: "silent",
      // the CLI reads 0 as "no metrics server"; the example always serves one, here on a free port
      KEYWARDEN_METRICS_PORT: "0",
    });
    try {
      expect(await rotator.runtime.scanNow()).toMatchObject({ scanned: 1, due: 0 });
      const ready = await fetch(`http://127.0.0.1:${rotator.metricsPort}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      expect(await rotator.stop()).toBe("graceful");
    }
  });
});
