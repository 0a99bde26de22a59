import pino from "pino";
import { loadConfigWithWarnings, type RotatorConfig } from "../config.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { type RedisHealth, watchRedis } from "../observability/redis-health.js";
import {
  assertRedisTargetReachable,
  openRedisConnection,
  type RedisConnection,
} from "../queue/connection.js";
import { openQueues, type RotatorQueues } from "../queue/queues.js";
import { type RotatorServices, servicesFromConfig } from "../wiring.js";
import { within } from "../within.js";
import type { CliStreams } from "./output.js";

/** How long closing Redis may take when a command ends. */
const CLOSE_MS = 2_000;

/** What a command needs; built lazily so `plan` never touches Redis. */
export interface CommandContext {
  readonly config: RotatorConfig;
  readonly logger: Logger;
  /** The command's result (stdout). */
  readonly out: (text: string) => void;
  /** What the command is doing while it waits: stdout in text mode, stderr under `--json`. */
  readonly progress: (text: string) => void;
  /** Whether the result is one JSON document. */
  readonly json: boolean;
  services(): RotatorServices;
  /** The configured Redis or Redis Cluster, checked reachable on first use. */
  redis(): Promise<RedisConnection>;
  queues(): Promise<RotatorQueues>;
  /** Logs a BullMQ object's errors through the logger, once per Redis outage (never `console`). */
  watch(source: string, emitter: { on(event: "error", listener: (error: Error) => void): unknown }): void;
  close(): Promise<void>;
}

/**
 * Builds the context from the environment; throws `ConfigError` for bad settings. `logsTo`: a
 * one-shot command logs to stderr, so that its stdout is its result alone; `run` and `worker` log to
 * stdout, where a container runtime collects a service's log stream.
 */
export function createCommandContext(
  env: Record<string, string | undefined>,
  options: { streams: CliStreams; json: boolean; logsTo: "stdout" | "stderr" },
): CommandContext {
  const { config, warnings } = loadConfigWithWarnings(env);
  const logger = createLogger({
    level: config.logLevel,
    ...(options.logsTo === "stderr" ? { destination: pino.destination({ fd: 2, sync: false }) } : {}),
  });
  // Logged here, once per process: the logger needs the configuration, so loading cannot log.
  for (const { kind, setting, use, message } of warnings) {
    logger.warn({ event: `config.${kind}`, setting, use }, message);
  }
  let services: RotatorServices | undefined;
  let connection: RedisConnection | undefined;
  let queues: RotatorQueues | undefined;
  let health: RedisHealth | undefined;
  const redis = async () => {
    if (!connection) {
      await assertRedisTargetReachable(config);
      connection = openRedisConnection(config);
      health = watchRedis(connection, logger);
    }
    return connection;
  };
  return {
    config,
    logger,
    out: options.streams.out,
    progress: options.json ? options.streams.err : options.streams.out,
    json: options.json,
    services: () => {
      services ??= servicesFromConfig(config, logger);
      return services;
    },
    redis,
    async queues() {
      if (!queues) {
        queues = openQueues({
          connection: await redis(),
          prefix: config.queuePrefix,
          jobPolicy: { attempts: config.attempts, backoffMs: config.backoffMs },
        });
        health?.watch("rotation queue", queues.rotations);
        health?.watch("scan queue", queues.scans);
      }
      return queues;
    },
    watch(source, emitter) {
      if (health) health.watch(source, emitter);
      else emitter.on("error", () => undefined);
    },
    async close() {
      health?.closing();
      // Bounded: with Redis away, a polite QUIT would wait for ever in ioredis's queue.
      const closed = await within(
        CLOSE_MS,
        (async () => {
          await queues?.close();
          await connection?.quit();
          return true;
        })(),
        false,
      );
      if (!closed) connection?.disconnect();
      logger.flush();
    },
  };
}
