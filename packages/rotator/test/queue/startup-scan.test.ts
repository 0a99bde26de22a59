import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/observability/metrics.js";
import { SCAN_JOB } from "../../src/queue/names.js";
import { scheduleSlot, startupScanJobId } from "../../src/queue/scheduler.js";
import { type RotatorRuntime, startRotator } from "../../src/runtime.js";
import { eventually, isolatedRedis } from "../support/redis.js";
import { createWorld } from "../support/world.js";

const at = (iso: string) => Date.parse(iso);

describe("schedule slots", () => {
  it("a slot starts at the latest tick at or before now (UTC)", () => {
    expect(scheduleSlot("*/15 * * * *", at("2026-01-01T12:14:59.999Z"))).toBe(at("2026-01-01T12:00:00Z"));
    expect(scheduleSlot("*/15 * * * *", at("2026-01-01T12:15:00.000Z"))).toBe(at("2026-01-01T12:15:00Z"));
    expect(scheduleSlot("0 3 * * *", at("2026-01-01T02:59:00Z"))).toBe(at("2025-12-31T03:00:00Z"));
  });

  it("processes starting within one slot share a job id; the next slot gets another", () => {
    const a = startupScanJobId("*/15 * * * *", at("2026-01-01T12:01:00Z"));
    const b = startupScanJobId("*/15 * * * *", at("2026-01-01T12:14:00Z"));
    const c = startupScanJobId("*/15 * * * *", at("2026-01-01T12:16:00Z"));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    // BullMQ refuses ids with ":" and all-digit ids.
    expect(a).not.toContain(":");
    expect(a).not.toMatch(/^\d+$/);
  });
});

/** A rotator over `world` on `redis`, scheduled yearly: no tick fires during a test, only the start-up scan. */
function startOn(
  world: ReturnType<typeof createWorld>,
  redis: ReturnType<typeof isolatedRedis>,
  metrics: ReturnType<typeof createMetrics>,
) {
  return startRotator({
    services: {
      keys: world.keys,
      secrets: world.secrets,
      settings: world.settings,
      canAuthenticateFrom: () => true,
    },
    connection: redis.connection,
    prefix: redis.prefix,
    logger: pino({ level: "silent" }),
    metrics,
    concurrency: 1,
    schedule: "0 0 1 1 *",
  });
}

describe("run scans at start (real Redis)", () => {
  const runtimes: RotatorRuntime[] = [];
  let redis: ReturnType<typeof isolatedRedis> | undefined;
  afterEach(async () => {
    for (const runtime of runtimes.splice(0)) await runtime.stop(2_000);
    await redis?.cleanup();
    redis = undefined;
  });

  it("three processes starting together run one scan, and the last-scan metric is set without a tick", async () => {
    redis = isolatedRedis();
    const world = createWorld({ realClock: true });
    world.seedDueKey("a");
    world.seedDueKey("b");
    const metrics = createMetrics(() => Promise.resolve({}));
    const start = () => startOn(world, redis!, metrics);
    runtimes.push(...(await Promise.all([start(), start(), start()])));
    const scans = runtimes[0]!.queues.scans;
    const [done] = await eventually(
      () => scans.getCompleted(),
      (jobs) => jobs.length === 1,
    );
    expect(done).toMatchObject({ name: SCAN_JOB, data: { reason: "startup" } });
    expect(done?.id).toMatch(/^startup-scan-\d+$/);
    expect(done?.returnvalue).toMatchObject({ scanned: 2, due: 2 });
    // Every add happened before startRotator resolved: no second start-up scan is queued anywhere.
    expect(await scans.getJobCounts("waiting", "active", "completed", "failed")).toEqual({
      waiting: 0,
      active: 0,
      completed: 1,
      failed: 0,
    });
    const lastScan = (await metrics.lastScan.get()).values[0]?.value ?? 0;
    expect(lastScan).toBeGreaterThan(0);
  });

  it("a process restarted within the slot reports the slot's scan instead of no scan (0)", async () => {
    redis = isolatedRedis();
    const world = createWorld({ realClock: true });
    world.seedDueKey("a");
    const start = (metrics: ReturnType<typeof createMetrics>) => startOn(world, redis!, metrics);
    const first = await start(createMetrics(() => Promise.resolve({})));
    const [done] = await eventually(
      () => first.queues.scans.getCompleted(),
      (jobs) => jobs.length === 1,
    );
    await first.stop(2_000);
    const metrics = createMetrics(() => Promise.resolve({}));
    runtimes.push(await start(metrics));
    expect((await metrics.lastScan.get()).values[0]?.value).toBe((done?.returnvalue.finishedAt ?? 0) / 1000);
    expect((await metrics.keysDue.get()).values[0]?.value).toBe(1);
    expect(await runtimes[0]!.queues.scans.getJobCounts("completed")).toEqual({ completed: 1 });
  });
});
