/**
 * Connections to a Redis Cluster (`REDIS_CLUSTER_NODES`): an ioredis `Cluster`, which follows
 * `MOVED`/`ASK` redirects and fails over, set up the way BullMQ needs it.
 */
import { Cluster, type ClusterOptions } from "ioredis";
import type { RedisClusterConfig } from "../config/types.js";
import { pingWithin } from "./ping-within.js";

/** The seed nodes as `host:port, host:port`, for messages (nodes carry no secrets). */
export function describeClusterNodes(cluster: RedisClusterConfig): string {
  return cluster.nodes
    .map(({ host, port }) => (host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`))
    .join(", ");
}

/**
 * ioredis Cluster options from the settings. `maxRetriesPerRequest: null` goes on the node
 * connections (`redisOptions`), where BullMQ looks for it: a worker's blocking wait for the next
 * job must never be cut short. With TLS, host names are passed through unresolved so that each
 * node's certificate is checked against its name (what ioredis advises for managed clusters).
 */
export function clusterOptions(cluster: RedisClusterConfig, overrides: ClusterOptions = {}): ClusterOptions {
  return {
    enableReadyCheck: true,
    ...(cluster.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
    ...overrides,
    redisOptions: {
      maxRetriesPerRequest: null,
      ...(cluster.username !== undefined ? { username: cluster.username } : {}),
      ...(cluster.password !== undefined ? { password: cluster.password } : {}),
      ...(cluster.tls ? { tls: {} } : {}),
      ...overrides.redisOptions,
    },
  };
}

/** Opens an ioredis `Cluster` suitable for BullMQ (see {@link clusterOptions}). */
export function createClusterConnection(
  cluster: RedisClusterConfig,
  options: { lazyConnect?: boolean } = {},
): Cluster {
  return new Cluster(
    cluster.nodes.map(({ host, port }) => ({ host, port })),
    clusterOptions(cluster, { lazyConnect: options.lazyConnect ?? false }),
  );
}

/**
 * Resolves when the cluster is up (its slots are known and `cluster_state:ok`) and answers PING,
 * or rejects with a message naming the seed nodes and what to check. Never includes the password.
 */
export async function assertClusterReachable(cluster: RedisClusterConfig, timeoutMs = 5000): Promise<void> {
  const probe = new Cluster(
    cluster.nodes.map(({ host, port }) => ({ host, port })),
    clusterOptions(cluster, {
      lazyConnect: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: () => null,
      slotsRefreshTimeout: timeoutMs,
      redisOptions: { connectTimeout: timeoutMs, maxRetriesPerRequest: 0 },
    }),
  );
  let lastError: Error | undefined;
  probe.on("error", (error: Error) => {
    lastError = error;
  });
  try {
    const answer = await pingWithin(timeoutMs, probe, (error) => {
      lastError ??= error;
    });
    if (answer !== "PONG") {
      const why = lastError ? failureText(lastError) : `no answer within ${timeoutMs} ms`;
      throw new Error(
        `Redis Cluster is not reachable at ${describeClusterNodes(cluster)} (${why}). ` +
          "Check REDIS_CLUSTER_NODES (any reachable nodes of the cluster), REDIS_PASSWORD and REDIS_TLS, " +
          "and that `redis-cli -c -h <host> -p <port> cluster info` says cluster_state:ok.",
      );
    }
  } finally {
    probe.disconnect();
  }
}

/** The error's message, with the last node's error when ioredis gave up on every node. */
function failureText(error: Error & { lastNodeError?: Error }): string {
  const node = error.lastNodeError?.message;
  return node && node !== error.message ? `${error.message} ${node}` : error.message;
}
