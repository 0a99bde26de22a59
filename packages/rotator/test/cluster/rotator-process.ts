/**
 * One rotator process for the scale-out test: the configuration from the environment, the services
 * and the runtime exactly as `keywarden-rotator worker` builds them, but on an ioredis `Cluster`
 * (nodes from `REDIS_CLUSTER_NODES`, `host:port,host:port`) instead of a single-node connection.
 *
 * Driven over IPC by the test: sends `{ ready }`, then on `{ scan }` runs one scan and answers
 * `{ scanned }`; on `{ stop }` stops gracefully and answers `{ stopped }` with what it rotated.
 */
import { Cluster, type Redis } from "ioredis";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { startRotator } from "../../src/runtime.js";
import { servicesFromConfig } from "../../src/wiring.js";

const nodes = (process.env.REDIS_CLUSTER_NODES ?? "").split(",").map((node) => {
  const [host, port] = node.split(":");
  return { host: host ?? "127.0.0.1", port: Number(port) };
});
const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel });
// BullMQ needs `maxRetriesPerRequest: null` on every node connection (blocking waits must not be cut).
const cluster = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: null } });
const runtime = await startRotator({
  services: servicesFromConfig(config, logger),
  // BullMQ accepts a Cluster wherever it accepts a Redis connection; the runtime's type names only Redis.
  connection: cluster as unknown as Redis,
  prefix: config.queuePrefix,
  logger,
  concurrency: config.concurrency,
  jobPolicy: { attempts: config.attempts, backoffMs: config.backoffMs },
});

const rotated: string[] = [];
runtime.rotationWorker.on("completed", (job) => rotated.push(String(job.data.keyId)));

const send = (message: unknown) => process.send?.(message);
process.on("message", (message: { type: string }) => {
  if (message.type === "scan") {
    runtime.scanNow().then(
      (report) => send({ type: "scanned", due: report.due }),
      (error: Error) => send({ type: "error", message: error.message }),
    );
  }
  if (message.type === "stop") {
    runtime
      .stop(5_000)
      .then(() => cluster.quit().catch(() => undefined))
      .then(
        () => send({ type: "stopped", rotated }),
        (error: Error) => send({ type: "error", message: error.message }),
      )
      .finally(() => setTimeout(() => process.exit(0), 50));
  }
});
send({ type: "ready", pid: process.pid });
