import { describe, expect, it } from "vitest";
import { parseClusterNodes } from "../../src/config/redis.js";
import { loadConfig } from "../../src/config.js";
import { clusterOptions, describeClusterNodes } from "../../src/queue/cluster-connection.js";
import { hashTagOf } from "../../src/queue/hash-tag.js";
import { minimalEnv as minimal, problemsOf } from "../support/config-env.js";

const NODES = "10.0.0.1:7000, redis-1.internal:7001,[::1]:7002";

describe("Redis Cluster settings", () => {
  it("reads REDIS_CLUSTER_NODES (IPv6 in brackets, spaces ignored) with login and TLS", () => {
    const config = loadConfig({
      ...minimal,
      REDIS_CLUSTER_NODES: NODES,
      REDIS_USERNAME: "rotator",
      REDIS_PASSWORD: "redis-pass-789",
      REDIS_TLS: "true",
    });
    expect(config.redisCluster).toEqual({
      nodes: [
        { host: "10.0.0.1", port: 7000 },
        { host: "redis-1.internal", port: 7001 },
        { host: "::1", port: 7002 },
      ],
      username: "rotator",
      password: "redis-pass-789",
      tls: true,
    });
    expect(describeClusterNodes(config.redisCluster!)).toBe(
      "10.0.0.1:7000, redis-1.internal:7001, [::1]:7002",
    );
  });

  it("uses one Redis at REDIS_URL when REDIS_CLUSTER_NODES is not set", () => {
    expect(loadConfig(minimal).redisCluster).toBeUndefined();
  });

  it("gives one line per bad node entry, and never quotes an entry that looks like a URL", () => {
    const problems = problemsOf({
      ...minimal,
      REDIS_CLUSTER_NODES: "good:7000,,nohost,h:0,h:x,::1:7000,redis://:hunter2@h:7000",
    });
    expect(problems).toEqual([
      "REDIS_CLUSTER_NODES entry 2 is empty; list host:port pairs separated by commas, e.g. 10.0.0.1:6379,10.0.0.2:6379",
      'REDIS_CLUSTER_NODES entry "nohost" must be host:port',
      'REDIS_CLUSTER_NODES entry "h:0" must have a port from 1 to 65535',
      'REDIS_CLUSTER_NODES entry "h:x" must be host:port',
      'REDIS_CLUSTER_NODES entry "::1:7000" must be host:port (write an IPv6 address in brackets: [::1]:7000)',
      "REDIS_CLUSTER_NODES entry 7 must be host:port, not a URL (the value is not shown); set REDIS_USERNAME/REDIS_PASSWORD for a login and REDIS_TLS=true for TLS",
    ]);
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("parses node lists on their own", () => {
    const problems: string[] = [];
    expect(parseClusterNodes(" a:1 ,b:65535", problems)).toEqual([
      { host: "a", port: 1 },
      { host: "b", port: 65_535 },
    ]);
    expect(problems).toEqual([]);
    expect(parseClusterNodes(" , ", problems)).toEqual([]);
    expect(problems).toEqual([
      "REDIS_CLUSTER_NODES must list host:port pairs separated by commas, e.g. 10.0.0.1:6379,10.0.0.2:6379",
    ]);
  });

  it("refuses a cluster whose KEYWARDEN_QUEUE_PREFIX has no hash tag (BullMQ would fail with CROSSSLOT)", () => {
    for (const prefix of ["keywarden", "{}keywarden", "keywarden}{", "{keywarden"]) {
      expect(
        problemsOf({ ...minimal, REDIS_CLUSTER_NODES: "h:7000", KEYWARDEN_QUEUE_PREFIX: prefix }),
      ).toEqual([
        `KEYWARDEN_QUEUE_PREFIX must contain a hash tag on Redis Cluster, e.g. {keywarden} (got "${prefix}"): ` +
          "BullMQ needs all of a queue's keys in one slot, and without a tag the cluster refuses its scripts (CROSSSLOT)",
      ]);
    }
    // The same prefixes are fine on one Redis, and tagged ones on a cluster.
    expect(loadConfig({ ...minimal, KEYWARDEN_QUEUE_PREFIX: "keywarden" }).queuePrefix).toBe("keywarden");
    expect(
      loadConfig({ ...minimal, REDIS_CLUSTER_NODES: "h:7000", KEYWARDEN_QUEUE_PREFIX: "prod-{kw}" })
        .queuePrefix,
    ).toBe("prod-{kw}");
  });

  it("finds the hash tag Redis would hash", () => {
    expect(hashTagOf("{keywarden}")).toBe("keywarden");
    expect(hashTagOf("a{b}c{d}")).toBe("b");
    expect(hashTagOf("{}{x}")).toBeUndefined();
    expect(hashTagOf("x}{")).toBeUndefined();
    expect(hashTagOf("plain")).toBeUndefined();
  });

  it("refuses REDIS_URL together with REDIS_CLUSTER_NODES, and cluster-only settings without a cluster", () => {
    expect(problemsOf({ ...minimal, REDIS_URL: "redis://h:6379", REDIS_CLUSTER_NODES: "h:7000" })).toEqual([
      "Set REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (Redis Cluster), not both; unset REDIS_URL for a cluster",
    ]);
    const problems = problemsOf({
      ...minimal,
      REDIS_USERNAME: "rotator",
      REDIS_PASSWORD: "redis-pass-789",
      REDIS_TLS: "false",
    });
    expect(problems).toEqual([
      "REDIS_USERNAME applies to REDIS_CLUSTER_NODES only; for one Redis put it in REDIS_URL (redis://user:password@host:6379)",
      "REDIS_PASSWORD applies to REDIS_CLUSTER_NODES only; for one Redis put it in REDIS_URL (redis://:password@host:6379)",
      "REDIS_TLS applies to REDIS_CLUSTER_NODES only; for one Redis put it in REDIS_URL (rediss://host:6380)",
    ]);
    expect(problems.join("\n")).not.toContain("redis-pass-789");
  });

  it("checks REDIS_TLS and the login pair", () => {
    expect(problemsOf({ ...minimal, REDIS_CLUSTER_NODES: "h:7000", REDIS_TLS: "yes" })).toEqual([
      'REDIS_TLS must be "true" or "false"',
    ]);
    expect(problemsOf({ ...minimal, REDIS_CLUSTER_NODES: "h:7000", REDIS_USERNAME: "rotator" })).toEqual([
      "REDIS_PASSWORD is required with REDIS_USERNAME",
    ]);
  });

  it("sets up the ioredis Cluster as BullMQ needs it: ready check, maxRetriesPerRequest null on the nodes", () => {
    const plain = clusterOptions({ nodes: [{ host: "h", port: 7000 }], tls: false });
    expect(plain.enableReadyCheck).toBe(true);
    expect(plain.redisOptions).toEqual({ maxRetriesPerRequest: null });
    expect(plain.dnsLookup).toBeUndefined();

    const secured = clusterOptions({
      nodes: [{ host: "h", port: 7000 }],
      username: "rotator",
      password: "redis-pass-789",
      tls: true,
    });
    expect(secured.redisOptions).toEqual({
      maxRetriesPerRequest: null,
      username: "rotator",
      password: "redis-pass-789",
      tls: {},
    });
    // TLS: host names reach the TLS check unresolved, so certificates are checked against them.
    const resolved = new Promise((resolve) =>
      secured.dnsLookup?.("node.example.com", (_, address) => resolve(address)),
    );
    return expect(resolved).resolves.toBe("node.example.com");
  });
});
