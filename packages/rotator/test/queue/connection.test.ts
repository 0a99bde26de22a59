import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { assertClusterReachable } from "../../src/queue/cluster-connection.js";
import { assertRedisReachable, describeRedisTarget, redactUrl } from "../../src/queue/connection.js";
import { REDIS_URL } from "../support/redis.js";

describe("Redis reachability", () => {
  it("passes against the running Redis", async () => {
    await expect(assertRedisReachable(REDIS_URL)).resolves.toBeUndefined();
  });

  it("says plainly when Redis is not reachable and how to start it, without the password", async () => {
    const attempt = assertRedisReachable("redis://:hunter2@127.0.0.1:1", 500);
    await expect(attempt).rejects.toThrow(
      /Redis is not reachable at redis:\/\/\[redacted\]@127\.0\.0\.1:1.*ECONNREFUSED.*redis-server --daemonize yes/,
    );
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  it("gives up by its deadline on a server that accepts the connection and never answers", async () => {
    const held = new Set<Socket>();
    const silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as import("node:net").AddressInfo;
    try {
      await expect(assertRedisReachable(`redis://127.0.0.1:${port}`, 300)).rejects.toThrow(
        /Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+ \(no answer within 300 ms\)/,
      );
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });

  it("redacts passwords from Redis URLs", () => {
    expect(redactUrl("redis://user:pw@host:6379/0")).toBe("redis://[redacted]@host:6379/0");
    expect(redactUrl("redis://:p@ss@host:6379")).toBe("redis://[redacted]@host:6379");
    expect(redactUrl("not a url")).toBe("<invalid URL>");
  });
});

describe("Redis Cluster reachability", () => {
  it("names the seed nodes and what to check when no node answers, without the password", async () => {
    const attempt = assertClusterReachable(
      { nodes: [{ host: "127.0.0.1", port: 1 }], password: "hunter2", tls: false },
      1000,
    );
    await expect(attempt).rejects.toThrow(
      /^Redis Cluster is not reachable at 127\.0\.0\.1:1 \(.+\)\. Check REDIS_CLUSTER_NODES/,
    );
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  it("describes the configured target for logs: the cluster's nodes, or the URL without credentials", () => {
    expect(
      describeRedisTarget({
        redisUrl: "redis://x",
        redisCluster: { nodes: [{ host: "a", port: 1 }], tls: false },
      }),
    ).toBe("Redis Cluster a:1");
    expect(describeRedisTarget({ redisUrl: "redis://:pw@h:6379" })).toBe("redis://[redacted]@h:6379");
  });
});
