import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A throwaway Redis Cluster of `ports.length` masters on loopback. */
export interface LocalRedisCluster {
  nodes: Array<{ host: string; port: number }>;
  stop(): Promise<void>;
}

async function clusterState(port: number): Promise<string> {
  try {
    const { stdout } = await run("redis-cli", ["-p", String(port), "cluster", "info"]);
    return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? "unknown";
  } catch {
    return "down";
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/**
 * `count` consecutive loopback ports that are free, together with their cluster bus ports
 * (port + 10000), picked at random in 20000–29999 so that parallel test runs do not collide.
 */
export async function findFreeClusterPorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (10_000 - count));
    const ports = Array.from({ length: count }, (_, index) => base + index);
    const checks = await Promise.all(ports.flatMap((port) => [isFree(port), isFree(port + 10_000)]));
    if (checks.every(Boolean)) return ports;
  }
  throw new Error(`no ${count} free consecutive ports (and bus ports) found in 20000-29999`);
}

/**
 * Starts `redis-server --cluster-enabled yes` on each loopback port (in a temporary directory that
 * is removed on stop) and joins them with `redis-cli --cluster create`, no replicas.
 */
export async function startLocalRedisCluster(ports: number[]): Promise<LocalRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), "keywarden-cluster-"));
  const servers: ChildProcess[] = ports.map((port) =>
    spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        `nodes-${port}.conf`,
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
      ],
      { stdio: "ignore" },
    ),
  );
  const stop = async () => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null) return resolve();
            server.once("exit", () => resolve());
            server.kill("SIGTERM");
          }),
      ),
    );
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      await waitFor(async () => (await clusterState(port)) !== "down", `redis-server on port ${port}`);
    }
    await run("redis-cli", [
      "--cluster",
      "create",
      ...ports.map((port) => `127.0.0.1:${port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    for (const port of ports) {
      await waitFor(async () => (await clusterState(port)) === "ok", `cluster_state:ok on port ${port}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: ports.map((port) => ({ host: "127.0.0.1", port })), stop };
}
