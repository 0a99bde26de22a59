/**
 * What the process knows about Redis, and how it talks about it. Every connection, queue, worker and
 * queue-events object gets an `error` listener from here (without one, BullMQ falls back to
 * `console.error`, which bypasses the logger's redaction and printed `AUTH default <password>`), and
 * a lost or regained Redis is logged once per change, not once per reconnect attempt.
 */
import type { Logger } from "./logger.js";
import { redactCredentials } from "./redact.js";

/** Something that emits `error` (ioredis clients, BullMQ queues, workers, queue events). */
interface ErrorEmitter {
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** A Redis connection's life events (ioredis `Redis` and `Cluster` both emit these). */
interface ConnectionEvents {
  // biome-ignore lint/suspicious/noExplicitAny: ioredis's listener types differ per event
  on(event: "ready" | "close" | "end" | "error", listener: (...args: any[]) => void): unknown;
  /** ioredis: `ready` once connected (the connection may be up before it is watched). */
  readonly status?: string;
}

/** Redis as seen by this process; see {@link watchRedis}. */
export interface RedisHealth {
  /** True from the connection's `ready` until it closes or fails. */
  isUp(): boolean;
  /** Attaches the quiet, once-per-change error logging to a BullMQ object (or another client). */
  watch(source: string, emitter: ErrorEmitter): void;
  /** The process is closing the connection on purpose: from now on nothing is logged. */
  closing(): void;
}

/** Why Redis is unreachable, without credentials and without the stack. */
function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return redactCredentials(code ? `${code}: ${error.message}` : error.message);
}

/**
 * Watches `connection` and logs through `logger`: one `warn` when Redis is lost (with the first error
 * that said so), one `info` when it is back, and each distinct error of a watched object once per
 * outage (`onChange` hears each change, for the `keywarden_redis_up` gauge).
 */
export function watchRedis(
  connection: ConnectionEvents,
  logger: Logger,
  onChange?: (up: boolean) => void,
): RedisHealth {
  // One watcher per connection (the CLI and the runtime both ask): one line per change, not two.
  const existing = watchers.get(connection);
  if (existing) {
    if (onChange) {
      existing.listeners.add(onChange);
      onChange(existing.health.isUp());
    }
    return existing.health;
  }
  const listeners = new Set<(up: boolean) => void>(onChange ? [onChange] : []);
  const health = createWatcher(connection, logger, (up) => {
    for (const listener of listeners) listener(up);
  });
  watchers.set(connection, { health, listeners });
  return health;
}

const watchers = new WeakMap<object, { health: RedisHealth; listeners: Set<(up: boolean) => void> }>();

function createWatcher(
  connection: ConnectionEvents,
  logger: Logger,
  onChange: (up: boolean) => void,
): RedisHealth {
  let up = connection.status === "ready";
  let everUp = up;
  let closing = false;
  const seen = new Set<string>();
  // What was last said, apart from `up`: an error may come before `ready` was ever seen (a
  // connection refused while it was still being made), and must still be reported as an outage.
  let saidDown = false;
  const setUp = (next: boolean, error?: Error) => {
    if (closing) return;
    if (next !== up) {
      up = next;
      onChange(next);
    }
    if (next) {
      if (everUp && saidDown) logger.info({ event: "redis.up" }, "Redis is reachable again");
      if (saidDown) seen.clear();
      everUp = true;
      saidDown = false;
    } else if (!saidDown) {
      saidDown = true;
      logger.warn(
        { event: "redis.down", ...(error ? { reason: describe(error) } : {}) },
        "Redis is not reachable; rotations pause until it is back",
      );
    }
  };
  const errorOnce = (source: string) => (error: Error) => {
    if (closing) return;
    const reason = describe(error);
    const key = `${source}\u0000${reason}`;
    // While Redis is down, every object repeats the connection's error: those add nothing.
    if (!up && seen.size > 0 && seen.has(`connection\u0000${reason}`)) return;
    if (seen.has(key)) return;
    seen.add(key);
    logger.warn({ event: "redis.error", source, reason }, `Redis error (${source})`);
  };
  onChange(up);
  connection.on("ready", () => setUp(true));
  connection.on("close", () => setUp(false));
  connection.on("end", () => setUp(false));
  connection.on("error", (error: Error) => {
    errorOnce("connection")(error);
    setUp(false, error);
  });
  return {
    isUp: () => up,
    watch: (source, emitter) => {
      emitter.on("error", errorOnce(source));
    },
    closing: () => {
      closing = true;
    },
  };
}
