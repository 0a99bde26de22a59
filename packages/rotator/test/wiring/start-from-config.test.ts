import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { RotatorRuntime } from "../../src/runtime.js";
import { startRotatorFromConfig } from "../../src/wiring.js";
import { eventually, isolatedRedis } from "../support/redis.js";
import { mockOverSocketForFile } from "../support/socket-mock.js";

const { url } = mockOverSocketForFile([
  { name: "later", secret: "later-secret-00000000000000000000000000000", expiresInDays: 60 },
]);

describe("startRotatorFromConfig (real Redis, standalone mock)", () => {
  let redis: ReturnType<typeof isolatedRedis> | undefined;
  let runtime: RotatorRuntime | undefined;
  afterEach(async () => {
    await runtime?.stop(2_000);
    runtime = undefined;
    await redis?.cleanup();
    redis = undefined;
  });

  const configFor = (prefix: string) =>
    loadConfig({
      KEYWARDEN_URL: url(),
      KEYWARDEN_USERNAME: "admin",
      KEYWARDEN_PASSWORD: "admin",
      VAULT_ADDR: url(),
      VAULT_TOKEN: "root",
      KEYWARDEN_QUEUE_PREFIX: prefix,
      KEYWARDEN_SCHEDULE: "0 0 1 1 *",
      KEYWARDEN_CONCURRENCY: "3",
    });

  it("with the schedule (run): upserts it on the configured prefix, scans at start, and exports queue depth", async () => {
    redis = isolatedRedis();
    const started = await startRotatorFromConfig(configFor(redis.prefix), {
      connection: redis.connection,
      logger: pino({ level: "silent" }),
      schedule: true,
    });
    runtime = started.runtime;
    expect(runtime.scanWorker).toBeDefined();
    expect(runtime.rotationWorker.opts).toMatchObject({ concurrency: 3, prefix: redis.prefix });
    expect(await runtime.queues.scans.getJobSchedulers()).toEqual([
      expect.objectContaining({ pattern: "0 0 1 1 *", tz: "UTC" }),
    ]);
    const [scan] = await eventually(
      () => runtime!.queues.scans.getCompleted(),
      (jobs) => jobs.length === 1,
    );
    expect(scan?.returnvalue).toMatchObject({ scanned: 1, due: 0 });
    const text = await started.metrics.registry.metrics();
    expect(text).toContain('keywarden_rotation_queue_jobs{state="completed"} 0');
    expect(text).toMatch(/keywarden_last_scan_timestamp_seconds \d/);
  });

  it("without it (worker): rotations only, no scan worker and no schedule", async () => {
    redis = isolatedRedis();
    runtime = (
      await startRotatorFromConfig(configFor(redis.prefix), {
        connection: redis.connection,
        logger: pino({ level: "silent" }),
        schedule: false,
      })
    ).runtime;
    expect(runtime.scanWorker).toBeUndefined();
    expect(await runtime.queues.scans.getJobSchedulers()).toEqual([]);
  });
});
