import { Cluster, Redis } from "ioredis";
import type { RotatorConfig } from "../config/types.js";
import { redactCredentials } from "../observability/redact.js";
import {
  assertClusterReachable,
  createClusterConnection,
  describeClusterNodes,
} from "./cluster-connection.js";
import { pingWithin } from "./ping-within.js";

/**
 * What the queues and workers run on: one Redis, or a Redis Cluster (BullMQ takes either; on a
 * cluster the queue prefix carries a hash tag, which the configuration checks).
 */
export type RedisConnection = Redis | Cluster;

/** The Redis settings of the configuration: `REDIS_URL`, or a cluster when `redisCluster` is set. */
export type RedisTarget = Pick<RotatorConfig, "redisUrl" | "redisCluster">;

/**
 * Opens an ioredis connection suitable for BullMQ (workers need `maxRetriesPerRequest: null` so a
 * blocking wait is never cut short). `lazyConnect` lets callers test reachability first.
 */
export function createRedisConnection(url: string, options: { lazyConnect?: boolean } = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: options.lazyConnect ?? false });
}

/**
 * Opens the configured connection: an ioredis `Cluster` when `REDIS_CLUSTER_NODES` is set, else
 * one Redis at `REDIS_URL`; both set up for BullMQ.
 */
export function openRedisConnection(
  target: RedisTarget,
  options: { lazyConnect?: boolean } = {},
): RedisConnection {
  return target.redisCluster
    ? createClusterConnection(target.redisCluster, options)
    : createRedisConnection(target.redisUrl, options);
}

/**
 * A second connection to the same Redis or cluster, with the same options (for a BullMQ client
 * that blocks, such as `QueueEvents`).
 */
export function duplicateConnection(connection: RedisConnection): RedisConnection {
  return connection instanceof Cluster ? connection.duplicate() : connection.duplicate();
}

/** Resolves when the configured Redis (or cluster) answers, or rejects saying what to check. */
export async function assertRedisTargetReachable(target: RedisTarget): Promise<void> {
  if (target.redisCluster) await assertClusterReachable(target.redisCluster);
  else await assertRedisReachable(target.redisUrl);
}

/** Where the configured Redis is, for messages: the URL without credentials, or the cluster's seed nodes. */
export function describeRedisTarget(target: RedisTarget): string {
  return target.redisCluster
    ? `Redis Cluster ${describeClusterNodes(target.redisCluster)}`
    : redactUrl(target.redisUrl);
}

/**
 * Resolves when Redis answers PING within `timeoutMs` (connecting included: a server that accepts the
 * connection and never answers is no Redis), or rejects with a message that says how to start it.
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
    const answer = await pingWithin(timeoutMs, probe, (error) => {
      lastError ??= error;
    });
    if (answer !== "PONG") {
      throw new Error(
        `Redis is not reachable at ${redactUrl(url)} (${lastError?.message ?? `no answer within ${timeoutMs} ms`}). ` +
          "Start one with `redis-server --daemonize yes`, or set REDIS_URL.",
      );
    }
  } finally {
    probe.disconnect();
  }
}

/** The URL without its user name and password, for messages. */
export function redactUrl(url: string): string {
  return URL.canParse(url) ? redactCredentials(url) : "<invalid URL>";
}
