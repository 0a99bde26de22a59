/**
 * `keywarden-rotator cleanup` on real Redis, under a prefix of the test's own: it removes the scan
 * schedule and finished job records, never a waiting or active rotation nor a lease, and with
 * `--dry-run` only lists what it would remove.
 */
import { type Job, Queue, Worker } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { describeCleanup } from "../../src/cli/commands/cleanup.js";
import { main } from "../../src/cli/main.js";
import { ROTATION_QUEUE, SCAN_QUEUE } from "../../src/queue/names.js";
import { scheduleScans } from "../../src/queue/scheduler.js";
import { eventually, isolatedRedis } from "../support/redis.js";

/** What a test opened, closed after it in reverse order (the Redis prefix, deleted, last). */
const opened: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

type TestRedis = ReturnType<typeof isolatedRedis>;

/** Runs cleanup in-process; the key service and Vault are never contacted, so they need not exist. */
async function cleanup(redis: TestRedis, ...flags: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await main(
    ["cleanup", "--json", ...flags],
    {
      KEYWARDEN_URL: "http://127.0.0.1:1",
      VAULT_ADDR: "http://127.0.0.1:1",
      VAULT_TOKEN: "unused",
      KEYWARDEN_API_KEY: "unused",
      KEYWARDEN_QUEUE_PREFIX: redis.prefix,
      KEYWARDEN_LOG_LEVEL: "silent",
    },
    (text) => lines.push(text),
    (text) => errors.push(text),
  );
  expect(code, errors.join("\n")).toBe(0);
  return JSON.parse(lines.join("\n"));
}

/**
 * A rotator's leftovers and live work side by side: the scan schedule, a completed scan, a
 * completed rotation, one that needs attention, one running (held), one waiting behind it, and the
 * running one's lease.
 */
async function leftoversAndLiveWork() {
  const redis = isolatedRedis();
  opened.push({ close: () => redis.cleanup() });
  const { connection, prefix } = redis;
  const rotations = new Queue(ROTATION_QUEUE, { connection, prefix });
  const scans = new Queue(SCAN_QUEUE, { connection, prefix });
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Workers need connections of their own (blocking reads); quit after the workers close.
  const workerConnections = [redis.connection.duplicate(), redis.connection.duplicate()] as const;
  opened.push({ close: () => Promise.all(workerConnections.map((c) => c.quit())) });
  const worker = new Worker(
    ROTATION_QUEUE,
    async (job: Job) => {
      if (job.data.name === "broken") throw new Error("needs-attention: Vault said no");
      if (job.data.name === "running") await held;
      return { outcome: "rotated" };
    },
    { connection: workerConnections[0], prefix, concurrency: 1 },
  );
  const scanWorker = new Worker(SCAN_QUEUE, async () => ({ scanned: 0 }), {
    connection: workerConnections[1],
    prefix,
  });
  opened.push(
    rotations,
    scans,
    scanWorker,
    { close: () => worker.close(true) },
    { close: async () => release() },
  );

  await scheduleScans(scans, "0 0 1 1 *");
  await scans.add("scan", { reason: "manual" }, { jobId: "scan-done" });
  await rotations.add("rotate", { keyId: "1", name: "done" }, { jobId: "job-done" });
  await rotations.add("rotate", { keyId: "2", name: "broken" }, { jobId: "job-broken", attempts: 1 });
  await eventually(
    () =>
      Promise.all([
        rotations.getJobState("job-done"),
        rotations.getJobState("job-broken"),
        scans.getJobState("scan-done"),
      ]),
    (states) => states.join() === "completed,failed,completed",
  );
  await rotations.add("rotate", { keyId: "3", name: "running" }, { jobId: "job-running" });
  await eventually(
    () => rotations.getJobState("job-running"),
    (state) => state === "active",
  );
  await rotations.add("rotate", { keyId: "4", name: "waiting" }, { jobId: "job-waiting" });
  await connection.set(`${prefix}:lease:running`, "holder-1", "PX", 60_000);
  return { redis, rotations, scans, release };
}

describe("keywarden-rotator cleanup", () => {
  it("--dry-run lists the schedule and finished records, and removes nothing", async () => {
    const { redis, rotations, scans } = await leftoversAndLiveWork();
    const report = await cleanup(redis, "--dry-run");
    expect(report).toMatchObject({
      dryRun: true,
      schedules: [{ id: "scan-on-schedule", pattern: "0 0 1 1 *" }],
      left: { rotations: { active: 1, waiting: 1, completed: 1, failed: 1 } },
    });
    expect(
      report.jobs
        .map((job: { queue: string; id: string; state: string }) => `${job.queue}/${job.id}/${job.state}`)
        .sort(),
    ).toEqual(["rotations/job-done/completed", "scans/scan-done/completed"]);
    expect(await scans.getJobSchedulersCount()).toBe(1);
    expect(await rotations.getJobState("job-done")).toBe("completed");
    expect(await scans.getJobState("scan-done")).toBe("completed");
  });

  it("removes them, keeps waiting and active rotations, the lease and needs-attention unless asked", async () => {
    const { redis, rotations, scans, release } = await leftoversAndLiveWork();
    const report = await cleanup(redis);
    expect(report).toMatchObject({
      dryRun: false,
      schedules: [{ id: "scan-on-schedule" }],
      jobs: expect.arrayContaining([
        expect.objectContaining({ queue: "rotations", id: "job-done", state: "completed", subject: "done" }),
        expect.objectContaining({ queue: "scans", id: "scan-done", state: "completed" }),
      ]),
      left: {
        rotations: { active: 1, waiting: 1, completed: 0, failed: 1 },
        scans: { completed: 0, delayed: 0 },
      },
    });
    expect(report.jobs).toHaveLength(2);
    expect(await scans.getJobSchedulersCount()).toBe(0);
    expect(await rotations.getJobState("job-done")).toBe("unknown");
    expect(await rotations.getJobState("job-running")).toBe("active");
    expect(await rotations.getJobState("job-waiting")).toBe("waiting");
    expect(await rotations.getJobState("job-broken")).toBe("failed");
    expect(await redis.connection.get(`${redis.prefix}:lease:running`)).toBe("holder-1");

    const withNeedsAttention = await cleanup(redis, "--include-needs-attention");
    expect(withNeedsAttention.jobs).toEqual([
      expect.objectContaining({ queue: "rotations", id: "job-broken", state: "failed", subject: "broken" }),
    ]);
    expect(await rotations.getJobState("job-running")).toBe("active");

    // The running rotation finishes undisturbed, and the one waiting behind it runs.
    release();
    await eventually(
      () => Promise.all([rotations.getJobState("job-running"), rotations.getJobState("job-waiting")]),
      (states) => states.join() === "completed,completed",
    );
  });
});

describe("cleanup's text report", () => {
  const counts = (failed: number) => ({
    waiting: 1,
    active: 1,
    delayed: 0,
    prioritized: 0,
    "waiting-children": 0,
    completed: 0,
    failed,
  });

  it("says what it removed or would remove, what is left, and what it kept on purpose", () => {
    const report = {
      dryRun: true,
      schedules: [{ id: "scan-on-schedule", pattern: "*/15 * * * *" }],
      jobs: [
        {
          queue: "rotations" as const,
          id: "rotate-1-2",
          state: "completed" as const,
          name: "rotate",
          subject: "billing",
          finishedAt: "2030-01-01T00:00:00.000Z",
        },
      ],
      left: { rotations: counts(2), scans: counts(0) },
    };
    const text = describeCleanup(report, false);
    expect(text).toContain(
      'Would remove the scan schedule "scan-on-schedule" (*/15 * * * *) and the next scan it queued.',
    );
    expect(text).toContain("Would remove 1 finished job record (completed rotations 1).");
    expect(text).toMatch(/rotations\s+rotate-1-2\s+completed\s+billing\s+2030-01-01T00:00:00.000Z/);
    expect(text).toContain("In Redis now: rotations waiting 1, active 1,");
    expect(text).toContain(
      "2 rotations needing attention kept (status lists them); --include-needs-attention removes them too.",
    );
    const done = describeCleanup({ ...report, dryRun: false, schedules: [], jobs: [] }, true);
    expect(done).toBe(
      [
        "No scan schedule in Redis.",
        "No finished job records to remove.",
        "Left in Redis: rotations waiting 1, active 1, delayed 0, prioritized 0, waiting-children 0, completed 0, failed 2; scans waiting 1, active 1, delayed 0, prioritized 0, waiting-children 0, completed 0, failed 0.",
      ].join("\n"),
    );
  });
});
