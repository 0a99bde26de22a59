/**
 * The Redis settings beyond `REDIS_URL`: a Redis Cluster's seed nodes (`REDIS_CLUSTER_NODES`) and
 * the login and TLS that go with them, checked together with the queue prefix (a cluster needs a
 * hash-tagged prefix).
 */
import { hashTagOf } from "../queue/hash-tag.js";
import type { RedisClusterConfig } from "./types.js";

/** One seed node of a Redis Cluster. */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

const NODE_FORMAT = "host:port pairs separated by commas, e.g. 10.0.0.1:6379,10.0.0.2:6379";

/**
 * Parses `host:port,host:port` (IPv6 in brackets: `[::1]:7000`). Each bad entry gives one line in
 * `problems`. An entry that looks like a URL is not quoted: it may hold a password.
 */
export function parseClusterNodes(text: string, problems: string[]): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  const entries = text.split(",").map((entry) => entry.trim());
  if (entries.every((entry) => entry === "")) {
    problems.push(`REDIS_CLUSTER_NODES must list ${NODE_FORMAT}`);
    return nodes;
  }
  entries.forEach((entry, index) => {
    const position = index + 1;
    if (entry === "") {
      problems.push(`REDIS_CLUSTER_NODES entry ${position} is empty; list ${NODE_FORMAT}`);
      return;
    }
    if (entry.includes("://") || entry.includes("@")) {
      problems.push(
        `REDIS_CLUSTER_NODES entry ${position} must be host:port, not a URL (the value is not shown); ` +
          "set REDIS_USERNAME/REDIS_PASSWORD for a login and REDIS_TLS=true for TLS",
      );
      return;
    }
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(entry);
    const host = match?.[1] ?? match?.[2];
    const port = Number(match?.[3]);
    if (!match || !host) {
      const hint =
        (entry.match(/:/g)?.length ?? 0) > 1 ? " (write an IPv6 address in brackets: [::1]:7000)" : "";
      problems.push(`REDIS_CLUSTER_NODES entry "${entry}" must be host:port${hint}`);
      return;
    }
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      problems.push(`REDIS_CLUSTER_NODES entry "${entry}" must have a port from 1 to 65535`);
      return;
    }
    nodes.push({ host, port });
  });
  return nodes;
}

/** The Redis-related settings as parsed by the schema. */
export interface RedisSettings {
  /** REDIS_URL as the user gave it (undefined when left to its default). */
  readonly explicitUrl: string | undefined;
  readonly clusterNodes: readonly ClusterNode[] | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly tls: boolean | undefined;
  readonly queuePrefix: string;
}

/**
 * The cluster connection settings when `REDIS_CLUSTER_NODES` is set (undefined for one Redis at
 * `REDIS_URL`), with one line in `problems` for each setting that does not fit: both REDIS_URL and
 * REDIS_CLUSTER_NODES, a cluster login or TLS setting without a cluster, a user name without a
 * password, and a queue prefix without a hash tag on a cluster.
 */
export function pickRedisCluster(
  settings: RedisSettings,
  problems: string[],
): RedisClusterConfig | undefined {
  const { clusterNodes, username, password, tls } = settings;
  if (!clusterNodes) {
    const clusterOnly: Array<[string, unknown, string]> = [
      ["REDIS_USERNAME", username, "redis://user:password@host:6379"],
      ["REDIS_PASSWORD", password, "redis://:password@host:6379"],
      ["REDIS_TLS", tls, "rediss://host:6380"],
    ];
    for (const [name, value, example] of clusterOnly) {
      if (value !== undefined) {
        problems.push(
          `${name} applies to REDIS_CLUSTER_NODES only; for one Redis put it in REDIS_URL (${example})`,
        );
      }
    }
    return undefined;
  }
  if (settings.explicitUrl !== undefined) {
    problems.push(
      "Set REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (Redis Cluster), not both; unset REDIS_URL for a cluster",
    );
  }
  if (username !== undefined && password === undefined) {
    problems.push("REDIS_PASSWORD is required with REDIS_USERNAME");
  }
  if (hashTagOf(settings.queuePrefix) === undefined) {
    problems.push(
      `KEYWARDEN_QUEUE_PREFIX must contain a hash tag on Redis Cluster, e.g. {keywarden} (got "${settings.queuePrefix}"): ` +
        "BullMQ needs all of a queue's keys in one slot, and without a tag the cluster refuses its scripts (CROSSSLOT)",
    );
  }
  if (clusterNodes.length === 0) return undefined;
  return {
    nodes: clusterNodes,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    tls: tls ?? false,
  };
}
