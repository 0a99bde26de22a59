// Child-process entry: one rotator scan (`scanAndEnqueue`, the function the runtime's scan job and
// `keywarden-rotator scan` run) over the SDK against the mock, enqueueing on real Redis, while the
// process samples its own memory. Own process so that the peak heap is the scan's, nothing else's.
// Args: <mock url> <queue prefix>. Run with --expose-gc so the baseline is taken on a clean heap.
import { createLogger } from "../../../packages/rotator/src/observability/logger.js";
import { createRedisConnection } from "../../../packages/rotator/src/queue/connection.js";
import { openQueues } from "../../../packages/rotator/src/queue/queues.js";
import { scanAndEnqueue } from "../../../packages/rotator/src/queue/scan.js";
import { servicesFromConfig } from "../../../packages/rotator/src/wiring.js";
import { serveCommands } from "./ipc-child.js";
import { benchRotatorConfig } from "./rotator-in-process.js";

/** What one scan cost the scanning process. */
export interface ScanMeasurement {
  scanned: number;
  due: number;
  seconds: number;
  /** User + system CPU seconds of this process during the scan. */
  cpuSeconds: number;
  /** Heap in use after a full GC, before the scan. */
  baselineHeapMB: number;
  /** Highest heap in use sampled during the scan (every 5 ms, and at the end). */
  peakHeapMB: number;
  peakRssMB: number;
}

const [mockUrl, prefix] = process.argv.slice(2);
if (!mockUrl || !prefix) throw new Error("usage: scan-process.ts <mock url> <queue prefix>");
const config = benchRotatorConfig({ mockUrl, prefix });
const logger = createLogger({ level: "warn", destination: { write: () => undefined } });
const services = servicesFromConfig(config, logger);
const connection = createRedisConnection(config.redisUrl);
const queues = openQueues({ connection, prefix });
const MB = 1024 * 1024;

async function scanOnce(): Promise<ScanMeasurement> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage();
  let peakHeap = baseline.heapUsed;
  let peakRss = baseline.rss;
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  };
  const sampler = setInterval(sample, 5);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const report = await scanAndEnqueue({
      keys: services.keys,
      queue: queues.rotations,
      settings: services.settings,
      now: () => Date.now(),
    });
    sample();
    const used = process.cpuUsage(cpu);
    return {
      scanned: report.scanned,
      due: report.due,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
      baselineHeapMB: baseline.heapUsed / MB,
      peakHeapMB: peakHeap / MB,
      peakRssMB: peakRss / MB,
    };
  } finally {
    clearInterval(sampler);
  }
}

serveCommands(
  { pid: process.pid },
  (command) => {
    if (command.type === "scan") return scanOnce();
    throw new Error(`unknown command ${command.type}`);
  },
  async () => {
    await queues.close();
    await connection.quit();
  },
);
