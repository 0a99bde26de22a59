/**
 * The rotator process when Redis fails, on a throwaway `redis-server` (never the shared one):
 * health and metrics keep answering at once, SIGTERM still stops it in time, everything it prints is
 * pino JSON with no password in it, and a Redis that lost its data gets the scan schedule back.
 */
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { type Cli, cliWorld, logLine, records } from "../safety/cli-world.js";
import { hasRedisServer, throwawayRedis } from "../safety/throwaway-redis.js";
import { freePort } from "../support/free-port.js";

if (!hasRedisServer) console.warn("Redis failure tests skipped: `redis-server` is not installed");

/** GET on the health server: status, body, and how long it took. */
async function probe(port: number, path: string) {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

/** Every line the process printed is a JSON log line: nothing went around the logger. */
function expectOnlyPino(cli: Cli) {
  expect(cli.errors, "stderr").toEqual([]);
  for (const line of cli.lines) expect(() => JSON.parse(line), line).not.toThrow();
}

describe.skipIf(!hasRedisServer)("the rotator process when Redis fails (throwaway redis-server)", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("Redis killed: /readyz says 503 and /metrics answers within 1 s, and SIGTERM stops it by KEYWARDEN_SHUTDOWN_TIMEOUT", async () => {
    const redis = await throwawayRedis();
    cleanups.push(() => redis.close());
    const world = await cliWorld(["billing"], { redisUrl: redis.url });
    cleanups.push(() => world.close());
    const port = await freePort();
    const run = world.start(["run"], {
      KEYWARDEN_METRICS_PORT: String(port),
      KEYWARDEN_SHUTDOWN_TIMEOUT: "3s",
      KEYWARDEN_LOG_LEVEL: "info",
    });
    await run.waitForLine(logLine({ event: "scan.finished" }), "its start-up scan");
    expect((await probe(port, "/readyz")).status).toBe(200);
    expect((await probe(port, "/metrics")).body).toMatch(/^keywarden_redis_up 1$/m);

    await redis.stop();
    await run.waitForLine(logLine({ event: "redis.down" }), "the lost Redis to be noticed");
    const ready = await probe(port, "/readyz");
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(1_000);
    const metrics = await probe(port, "/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.ms).toBeLessThan(1_000);
    expect(metrics.body).toMatch(/^keywarden_redis_up 0$/m);
    // The last known values stay (the scan ran before Redis went away).
    expect(metrics.body).toMatch(/^keywarden_keys_scanned 1$/m);

    const stopping = performance.now();
    const code = await run.stop(10_000);
    expect(performance.now() - stopping).toBeLessThan(3_000 + 2_500);
    expect(code).not.toBeNull();
    expect(records(run.lines).some((line) => line.event === "shutdown.done")).toBe(true);
    expectOnlyPino(run);
    // One line when Redis went away, not one per reconnect attempt.
    expect(
      records(run.lines).filter((line) => line.event === "redis.down"),
      run.lines.filter((line) => line.includes("redis")).join("\n"),
    ).toHaveLength(1);
  }, 40_000);

  it("a Redis password change: errors are logged through pino, once, and no password appears anywhere", async () => {
    const first = "first-Secret-pw-1234";
    const second = "second-Secret-pw-5678";
    const redis = await throwawayRedis({ password: first });
    cleanups.push(() => redis.close());
    const world = await cliWorld(["billing"], { redisUrl: redis.url });
    cleanups.push(() => world.close());
    const worker = world.start(["worker"], { KEYWARDEN_LOG_LEVEL: "info" });
    await worker.waitForLine(logLine({ event: "started" }), "its start-up line");

    const admin = new Redis(redis.url);
    cleanups.push(async () => admin.disconnect());
    await admin.config("SET", "requirepass", second);
    await admin.call("CLIENT", "KILL", "TYPE", "normal");
    await worker.waitForLine(logLine({ event: "redis.down" }), "the refused password to be noticed");
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // several reconnect attempts
    await worker.stop(10_000);

    const output = [...worker.lines, ...worker.errors].join("\n");
    expect(output).not.toContain(first);
    expect(output).not.toContain(second);
    expect(output).not.toMatch(/AUTH/);
    expectOnlyPino(worker);
    const errors = records(worker.lines).filter((line) => line.event === "redis.error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(8);
  }, 40_000);

  it("FLUSHALL on Redis: the next scan happens without restarting the process", async () => {
    const redis = await throwawayRedis();
    cleanups.push(() => redis.close());
    const world = await cliWorld(["billing"], { redisUrl: redis.url });
    cleanups.push(() => world.close());
    const run = world.start(["run"], { KEYWARDEN_SCHEDULE: "*/2 * * * * *", KEYWARDEN_LOG_LEVEL: "info" });
    await run.waitForLine(logLine({ event: "scan.finished" }), "a first scan");

    const admin = new Redis(redis.url);
    cleanups.push(async () => admin.disconnect());
    await admin.flushall();
    const restoredAt = run.lines.length;
    await run.waitForLine(
      logLine({ event: "schedule.restored" }),
      "the schedule to be written again",
      15_000,
    );
    await run.waitForLine(
      (line) => run.lines.indexOf(line) > restoredAt && logLine({ event: "scan.finished" })(line),
      "a scan after the wipe",
      15_000,
    );
    expect(await run.stop()).toBe(0);
    expectOnlyPino(run);
  }, 40_000);
});
