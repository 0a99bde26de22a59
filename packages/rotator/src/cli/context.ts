import { loadConfig, type RotatorConfig } from "../config.js";
import { createLogger, type Logger } from "../observability/logger.js";
import {
  assertRedisTargetReachable,
  openRedisConnection,
  type RedisConnection,
} from "../queue/connection.js";
import { openQueues, type RotatorQueues } from "../queue/queues.js";
import { type RotatorServices, servicesFromConfig } from "../wiring.js";

/** What a command needs; built lazily so `plan` never touches Redis. */
export interface CommandContext {
  readonly config: RotatorConfig;
  readonly logger: Logger;
  readonly out: (text: string) => void;
  services(): RotatorServices;
  /** The configured Redis or Redis Cluster, checked reachable on first use. */
  redis(): Promise<RedisConnection>;
  queues(): Promise<RotatorQueues>;
  close(): Promise<void>;
}

/** Builds the context from the environment; throws `ConfigError` for bad settings. */
export function createCommandContext(
  env: Record<string, string | undefined>,
  out: (text: string) => void,
): CommandContext {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel });
  let services: RotatorServices | undefined;
  let connection: RedisConnection | undefined;
  let queues: RotatorQueues | undefined;
  const redis = async () => {
    if (!connection) {
      await assertRedisTargetReachable(config);
      connection = openRedisConnection(config);
    }
    return connection;
  };
  return {
    config,
    logger,
    out,
    services: () => {
      services ??= servicesFromConfig(config, logger);
      return services;
    },
    redis,
    async queues() {
      queues ??= openQueues({
        connection: await redis(),
        prefix: config.queuePrefix,
        jobPolicy: { attempts: config.attempts, backoffMs: config.backoffMs },
      });
      return queues;
    },
    async close() {
      await queues?.close();
      await connection?.quit().catch(() => undefined);
      logger.flush();
    },
  };
}
