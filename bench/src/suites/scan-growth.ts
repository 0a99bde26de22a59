import { Worker } from "bullmq";
import { createRedisConnection } from "../../../packages/rotator/src/queue/connection.js";
import { ROTATION_QUEUE } from "../../../packages/rotator/src/queue/names.js";
import { openQueues } from "../../../packages/rotator/src/queue/queues.js";
import { rotationJob } from "../../../packages/rotator/src/queue/scan.js";
import { rotationJobId } from "../../../packages/rotator/src/rotation/naming.js";
import type { Figure, GoalCheck, SuiteOptions, SuiteReport } from "../report.js";
import { startIpcChild } from "../servers/ipc-child.js";
import type { MockStats, RotationMockInfo } from "../servers/rotation-mock-process.js";
import { deleteKeysUnder, freshPrefix, REDIS_URL } from "../servers/rotator-in-process.js";
import type { ScanMeasurement } from "../servers/scan-process.js";
import { round, summarize } from "../stats.js";
import { lineChart } from "../svg-chart.js";

type Redis = ReturnType<typeof createRedisConnection>;

/** One key in this many is due (expires within the window); the rest expire in 90 days. */
const DUE_EVERY = 10;
/** The scanning process runs with this heap cap: a scan that held every key would not fit at 1M. */
const HEAP_CAP_MB = 128;
/** Completed rotation jobs BullMQ keeps (`removeOnComplete.count` in the rotator's queue options). */
const KEPT_COMPLETED = 1_000;

interface ScanRun extends ScanMeasurement {
  mockCpuSeconds: number;
  mockRequests: number;
  /** Σ `MEMORY USAGE` of every Redis key under the run's prefix, ÷ jobs queued. */
  redisBytesPerJob: number;
  /** `MEMORY USAGE` of one job hash, averaged over a sample. */
  redisBytesPerJobHash: number;
}

/**
 * Scan growth: 10k, 100k and 1M keys seeded in bulk into the standalone mock; one rotator scan
 * (SDK paging → plan → `addBulk` batches) in its own process under a heap cap, sampling its memory.
 * Time should grow linearly and memory stay flat (pages streamed, batches flushed). Also: Redis
 * memory per queued rotation, and completed jobs trimmed to the configured count.
 */
export async function scanGrowthSuite({ quick, log }: SuiteOptions): Promise<SuiteReport> {
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const repeatsFor = (size: number) => (quick || size >= 1_000_000 ? 1 : 3);
  const mock = await startIpcChild<RotationMockInfo>(
    new URL("../servers/rotation-mock-process.ts", import.meta.url),
  );
  const redis = createRedisConnection(REDIS_URL);
  const figures: Figure[] = [];
  const bySize = new Map<number, ScanRun[]>();
  let trim: TrimCheck;
  try {
    for (const size of sizes) {
      const seedMs = await mock.request<number>({
        type: "seed-fleet",
        count: size,
        prefix: "fleet-",
        dueEvery: DUE_EVERY,
      });
      log(`scan growth: seeded ${size.toLocaleString("en-US")} keys in ${round(seedMs / 1000, 2)} s`);
      const runs: ScanRun[] = [];
      for (let repeat = 0; repeat < repeatsFor(size); repeat++) {
        const run = await scanOnce(mock, redis, size);
        log(
          `scan growth: ${size.toLocaleString("en-US")} keys: ${round(run.seconds, 2)} s (${round((run.seconds * 1e6) / size, 1)} µs/key), heap ${round(run.baselineHeapMB, 1)} → peak ${round(run.peakHeapMB, 1)} MB, rss ${round(run.peakRssMB, 0)} MB, ${run.due} queued, ${round(run.redisBytesPerJob, 0)} B Redis per job`,
        );
        runs.push(run);
      }
      bySize.set(size, runs);
      const label = `${size.toLocaleString("en-US")} keys`;
      const figure = (name: string, unit: string, pick: (run: ScanRun) => number) =>
        figures.push({ name: `${label}: ${name}`, unit, summary: summarize(runs.map(pick)) });
      figure("scan time", "s", (run) => run.seconds);
      figure("scan time per key", "µs", (run) => (run.seconds * 1e6) / size);
      figure("scanner CPU", "s", (run) => run.cpuSeconds);
      figure("mock CPU (serving the pages)", "s", (run) => run.mockCpuSeconds);
      figure("scanner peak heap above its baseline", "MB", (run) => run.peakHeapMB - run.baselineHeapMB);
      figure("scanner peak RSS", "MB", (run) => run.peakRssMB);
      figure(
        "Redis memory per queued rotation (all keys under the prefix ÷ jobs)",
        "B",
        (run) => run.redisBytesPerJob,
      );
      figure("Redis MEMORY USAGE of one job hash", "B", (run) => run.redisBytesPerJobHash);
    }
    trim = await checkTrimming(redis);
    log(
      `scan growth: trimming: ${trim.completedEvents} completed → ${trim.keptCompleted} kept, ${trim.jobHashes} job hashes left`,
    );
  } finally {
    await mock.close();
    await redis.quit();
  }

  const median = (size: number, pick: (run: ScanRun) => number) =>
    summarize(bySize.get(size)!.map(pick)).median;
  const smallest = sizes[0]!;
  const largest = sizes[sizes.length - 1]!;
  const perKey = (size: number) => median(size, (run) => run.seconds / size);
  const scannerPerKey = (size: number) => median(size, (run) => run.cpuSeconds / size);
  const heapGrowth = (size: number) => median(size, (run) => run.peakHeapMB - run.baselineHeapMB);
  const timeRatio = perKey(largest) / perKey(smallest);
  const scannerRatio = scannerPerKey(largest) / scannerPerKey(smallest);
  const fleetRatio = largest / smallest;
  const goals: GoalCheck[] = [
    {
      goal: `scan time linear in the fleet: time per key at ${largest.toLocaleString("en-US")} ≤ 1.5× that at ${smallest.toLocaleString("en-US")}`,
      measured: `${round(timeRatio, 2)}× wall time per key (${round(perKey(smallest) * 1e6, 1)} → ${round(perKey(largest) * 1e6, 1)} µs); the scanner's own CPU per key ${round(scannerRatio, 2)}×`,
      met: timeRatio <= 1.5,
      ...(timeRatio > 1.5 && scannerRatio <= 1.5
        ? {
            note: "the scanner is linear; the extra time is the mock's list handler, which copies and sorts all keys for every page",
          }
        : {}),
    },
    {
      goal: `scanner memory flat (peak heap above baseline grows < 2× while the fleet grows ${fleetRatio}×; heap capped at ${HEAP_CAP_MB} MB)`,
      measured: `${round(heapGrowth(smallest), 1)} MB → ${round(heapGrowth(largest), 1)} MB; peak RSS ${round(
        median(smallest, (run) => run.peakRssMB),
        0,
      )} → ${round(
        median(largest, (run) => run.peakRssMB),
        0,
      )} MB`,
      met: heapGrowth(largest) < 2 * Math.max(heapGrowth(smallest), 8),
    },
    {
      goal: "Redis memory per queued rotation reported",
      measured: `${round(
        median(largest, (run) => run.redisBytesPerJob),
        0,
      )} B per queued rotation (job hash alone ${round(
        median(largest, (run) => run.redisBytesPerJobHash),
        0,
      )} B); no secrets in it: jobs carry ids only`,
      met: true,
    },
    {
      goal: `completed jobs trimmed (at most ${KEPT_COMPLETED.toLocaleString("en-US")} kept)`,
      measured: `${trim.completedEvents} completed → ${trim.keptCompleted} kept in the completed set, ${trim.jobHashes} job hashes left in Redis`,
      met: trim.keptCompleted <= KEPT_COMPLETED && trim.jobHashes <= KEPT_COMPLETED,
    },
  ];
  const xs = sizes;
  return {
    id: "scan-growth",
    title: `Scan growth: ${sizes.map((size) => size.toLocaleString("en-US")).join(", ")} keys (1 in ${DUE_EVERY} due), scanned over the SDK in its own process (heap cap ${HEAP_CAP_MB} MB)`,
    figures,
    goals,
    charts: [
      {
        file: "scan-growth-time.svg",
        title: "Scan time vs fleet size",
        svg: lineChart(
          "Scan time vs fleet size (seconds; linear = straight line on log-log)",
          [
            { name: "scan wall time", points: xs.map((x) => ({ x, y: median(x, (run) => run.seconds) })) },
            { name: "scanner CPU", points: xs.map((x) => ({ x, y: median(x, (run) => run.cpuSeconds) })) },
            { name: "mock CPU", points: xs.map((x) => ({ x, y: median(x, (run) => run.mockCpuSeconds) })) },
          ],
          { x: "keys in the fleet", y: "seconds" },
        ),
      },
      {
        file: "scan-growth-memory.svg",
        title: "Scanner memory vs fleet size",
        svg: lineChart(
          "Scanner memory vs fleet size (MB)",
          [
            {
              name: "peak heap − baseline",
              points: xs.map((x) => ({ x, y: median(x, (run) => run.peakHeapMB - run.baselineHeapMB) })),
            },
            { name: "peak RSS", points: xs.map((x) => ({ x, y: median(x, (run) => run.peakRssMB) })) },
          ],
          { x: "keys in the fleet", y: "MB" },
        ),
      },
    ],
  };
}

type Mock = Awaited<ReturnType<typeof startIpcChild<RotationMockInfo>>>;

/** One scan in a fresh child process, on a fresh prefix; Redis memory measured, then cleaned up. */
async function scanOnce(mock: Mock, redis: Redis, size: number): Promise<ScanRun> {
  const prefix = freshPrefix();
  const scanner = await startIpcChild<{ pid: number }>(
    new URL("../servers/scan-process.ts", import.meta.url),
    {
      args: [mock.info.url, prefix],
      nodeArgs: ["--expose-gc", `--max-old-space-size=${HEAP_CAP_MB}`],
    },
  );
  try {
    await mock.request<MockStats>({ type: "take-stats" });
    const measured = await scanner.request<ScanMeasurement>({ type: "scan" });
    const stats = await mock.request<MockStats>({ type: "take-stats" });
    if (measured.scanned !== size) throw new Error(`scan saw ${measured.scanned} of ${size} keys`);
    const memory = await redisMemoryUnder(redis, prefix);
    return {
      ...measured,
      mockCpuSeconds: stats.cpuMs / 1000,
      mockRequests: stats.requests,
      redisBytesPerJob: memory.total / measured.due,
      redisBytesPerJobHash: memory.jobHashAverage,
    };
  } finally {
    await scanner.close();
    await deleteKeysUnder(redis, prefix);
  }
}

/** Σ `MEMORY USAGE` of every key under the prefix, and the average size of a job hash. */
async function redisMemoryUnder(redis: Redis, prefix: string) {
  let total = 0;
  let jobHashes = 0;
  let jobHashBytes = 0;
  const jobHash = new RegExp(`^${escapeRegExp(prefix)}:${ROTATION_QUEUE}:rotate-[^:]+$`);
  const stream = redis.scanStream({ match: `${prefix}*`, count: 1000 });
  for await (const keys of stream as AsyncIterable<string[]>) {
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.call("MEMORY", "USAGE", key, "SAMPLES", "0");
    const results = (await pipeline.exec()) ?? [];
    keys.forEach((key, index) => {
      const bytes = Number(results[index]?.[1] ?? 0);
      total += bytes;
      if (jobHash.test(key)) {
        jobHashes++;
        jobHashBytes += bytes;
      }
    });
  }
  return { total, jobHashAverage: jobHashes === 0 ? 0 : jobHashBytes / jobHashes };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface TrimCheck {
  completedEvents: number;
  keptCompleted: number;
  jobHashes: number;
}

/**
 * Queues 1,500 rotation jobs through the rotator's own queue options, completes them with a worker
 * that does nothing, and counts what Redis still holds: the completed set and the job hashes.
 */
async function checkTrimming(redis: Redis): Promise<TrimCheck> {
  const prefix = freshPrefix();
  const queues = openQueues({ connection: redis, prefix });
  const total = KEPT_COMPLETED + 500;
  await queues.rotations.addBulk(
    Array.from({ length: total }, (_, index) =>
      rotationJob(
        { keyId: String(index + 1), name: `trim-${index}`, expiresAt: 1 },
        rotationJobId(String(index + 1), 1),
      ),
    ),
  );
  let completedEvents = 0;
  const worker = new Worker(ROTATION_QUEUE, async () => ({ outcome: "nothing-to-do" }), {
    connection: redis,
    prefix,
    concurrency: 50,
  });
  worker.on("completed", () => {
    completedEvents++;
  });
  try {
    const deadline = Date.now() + 60_000;
    while (completedEvents < total && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.close();
    const keptCompleted = await queues.rotations.getCompletedCount();
    const jobHash = new RegExp(`^${escapeRegExp(prefix)}:${ROTATION_QUEUE}:rotate-[^:]+$`);
    let jobHashes = 0;
    const stream = redis.scanStream({ match: `${prefix}:${ROTATION_QUEUE}:rotate-*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>)
      jobHashes += keys.filter((key) => jobHash.test(key)).length;
    return { completedEvents, keptCompleted, jobHashes };
  } finally {
    await worker.close();
    await queues.close();
    await deleteKeysUnder(redis, prefix);
  }
}
