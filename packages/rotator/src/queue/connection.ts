import { Redis } from "ioredis";
import { redactCredentials } from "../observability/redact.js";

/**
 * Opens an ioredis connection suitable for BullMQ (workers need `maxRetriesPerRequest: null` so a
 * blocking wait is never cut short). `lazyConnect` lets callers test reachability first.
 */
export function createRedisConnection(url: string, options: { lazyConnect?: boolean } = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: options.lazyConnect ?? false });
}

/**
 * Resolves when Redis answers PING, or rejects with a message that says how to start it.
 */
export async function assertRedisReachable(url: string, timeoutMs = 2000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  probe.on("error", (error: Error) => {
    lastError = error;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const cause = lastError ?? (error as Error);
    throw new Error(
      `Redis is not reachable at ${redactUrl(url)} (${cause.message}). ` +
        "Start one with `redis-server --daemonize yes`, or set REDIS_URL.",
    );
  } finally {
    probe.disconnect();
  }
}

/** The URL without its user name and password, for messages. */
export function redactUrl(url: string): string {
  return URL.canParse(url) ? redactCredentials(url) : "<invalid URL>";
}
