/**
 * Scale-out on Redis Cluster: two rotator processes share one 3-node cluster under the hash-tagged
 * prefix `{keywarden}`, both scan (racing), both work, and every due key is rotated exactly once.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createKeyServiceMock, type KeyServiceMock, startMockServer } from "@keywarden/mock-server";
import { Queue } from "bullmq";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_QUEUE_PREFIX, ROTATION_QUEUE } from "../../src/queue/names.js";
import { findFreeClusterPorts, type LocalRedisCluster, startLocalRedisCluster } from "./redis-cluster.js";

const KEYS = 300;
const HOUR = 3_600_000;
const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;
if (!hasRedisServer) {
  console.warn(
    "scale-out test skipped: `redis-server` is not installed (it starts a local 3-node Redis Cluster)",
  );
}

const oldSecret = (index: number) => `old-secret-${index}`.padEnd(43, "0");
const logicalName = (index: number) => `service-${index}`;

/** A rotator child process driven over IPC (see rotator-process.ts). */
interface RotatorChild {
  process: ChildProcess;
  next(type: string): Promise<Record<string, unknown>>;
}

function startRotatorChild(env: Record<string, string>): RotatorChild {
  const entry = fileURLToPath(new URL("./rotator-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", entry], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const inbox: Array<Record<string, unknown>> = [];
  const waiting: Array<() => void> = [];
  child.on("message", (message: Record<string, unknown>) => {
    inbox.push(message);
    for (const wake of waiting.splice(0)) wake();
  });
  child.on("exit", () => {
    for (const wake of waiting.splice(0)) wake();
  });
  return {
    process: child,
    async next(type) {
      for (;;) {
        const error = inbox.find((message) => message.type === "error");
        if (error) throw new Error(`rotator ${child.pid}: ${String(error.message)}`);
        const index = inbox.findIndex((message) => message.type === type);
        if (index >= 0) return inbox.splice(index, 1)[0]!;
        if (child.exitCode !== null)
          throw new Error(`rotator ${child.pid} exited (${child.exitCode}) before "${type}"`);
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
  };
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!hasRedisServer)("scale-out: two rotator processes on a 3-node Redis Cluster", () => {
  let cluster: LocalRedisCluster | undefined;
  let server: Awaited<ReturnType<typeof startMockServer>> | undefined;
  let mock: KeyServiceMock;
  const children: RotatorChild[] = [];
  const requests = new Map<string, number>();

  beforeAll(async () => {
    cluster = await startLocalRedisCluster(await findFreeClusterPorts(3));
    const expiresAt = new Date(Date.now() + 24 * HOUR).toISOString();
    mock = createKeyServiceMock({
      keyLimit: 10 * KEYS,
      seed: {
        alertCount: 0,
        keys: Array.from({ length: KEYS }, (_, index) => ({
          owner: "admin",
          name: logicalName(index),
          secret: oldSecret(index),
          description: `integration ${index}`,
          expiresAt,
        })),
      },
    });
    server = await startMockServer({
      handlers: mock.handlers,
      onRequestLog: ({ method, path, status }) => {
        const route = `${method} ${path.split("?")[0]!.replace(/\/\d+(?=\/|$)/g, "/{id}")} ${status}`;
        requests.set(route, (requests.get(route) ?? 0) + 1);
      },
    });
    // Ops stored each key's secret in Vault (version 1); apps read it from there.
    const kv = mock.vault!.state.mounts.get("secret")!;
    expect(kv.keys.size).toBe(0);
    for (let index = 0; index < KEYS; index++) {
      const key = mock.store.keys.all().find((candidate) => candidate.name === logicalName(index))!;
      const response = await fetch(`${server.url}/v1/secret/data/keywarden/${logicalName(index)}`, {
        method: "POST",
        headers: { "x-vault-token": "root", "content-type": "application/json" },
        body: JSON.stringify({ data: { api_key: oldSecret(index), key_id: String(key.id), name: key.name } }),
      });
      expect(response.status).toBe(200);
    }
    requests.clear();
  });

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGKILL");
    await server?.close();
    await cluster?.stop();
  });

  it("rotates every due key exactly once, with both processes sharing the work", async () => {
    const env = {
      KEYWARDEN_URL: server!.url,
      KEYWARDEN_USERNAME: "admin",
      KEYWARDEN_PASSWORD: "admin",
      VAULT_ADDR: server!.url,
      VAULT_TOKEN: "root",
      REDIS_CLUSTER_NODES: cluster!.nodes.map(({ host, port }) => `${host}:${port}`).join(","),
      QUEUE_PREFIX: DEFAULT_QUEUE_PREFIX,
      CONCURRENCY: "8",
      GRACE_PERIOD: "0s",
      METRICS_PORT: "0",
      LOG_LEVEL: "warn",
    };
    children.push(startRotatorChild(env), startRotatorChild(env));
    await Promise.all(children.map((child) => child.next("ready")));

    // Both scan at once: the job id (key id + expiry) makes the second scan's jobs duplicates.
    for (const child of children) child.process.send({ type: "scan" });
    const scans = await Promise.all(children.map((child) => child.next("scanned")));
    for (const scan of scans) expect(scan.due).toBeLessThanOrEqual(KEYS);

    const rotatedNames = () =>
      mock.store.keys
        .all()
        .filter((key) => key.status === "ACTIVE" && /^service-\d+$/.test(key.name) && key.id > KEYS).length;
    await until(() => rotatedNames() === KEYS, `${KEYS} rotated keys`, 45_000);

    for (const child of children) child.process.send({ type: "stop" });
    const stopped = await Promise.all(children.map((child) => child.next("stopped")));
    const perProcess = stopped.map((message) => message.rotated as string[]);
    const all = perProcess.flat();
    expect(all).toHaveLength(KEYS);
    expect(new Set(all).size).toBe(KEYS);
    for (const own of perProcess) expect(own.length).toBeGreaterThan(0);

    // One successor created and one secret generated per logical key, never more.
    expect(requests.get("POST /api/api-keys 201")).toBe(KEYS);
    expect(requests.get("POST /api/api-keys/{id}/generate 200")).toBe(KEYS);
    expect(requests.get("POST /api/api-keys/{id}/revoke 200")).toBe(KEYS);

    const kv = mock.vault!.state.mounts.get("secret")!;
    const now = mock.clock.now();
    for (let index = 0; index < KEYS; index++) {
      const name = logicalName(index);
      const live = mock.store.keys.all().filter((key) => key.name === name && key.status === "ACTIVE");
      expect(live, name).toHaveLength(1);
      expect(live[0]!.description).toBe(`integration ${index}`);
      const old = mock.store.keys.all().find((key) => key.id === index + 1)!;
      expect(old).toMatchObject({ name: `${name}~retired-${index + 1}`, status: "REVOKED" });
      const secret = kv.keys.get(`keywarden/${name}`)!;
      expect(secret.currentVersion, name).toBe(2);
      const current = secret.versions.get(2)!.data!;
      expect(current.key_id).toBe(String(live[0]!.id));
      expect(mock.store.keys.authenticate(String(current.api_key), "127.0.0.1", now).ok).toBe(true);
      expect(mock.store.keys.authenticate(oldSecret(index), "127.0.0.1", now).ok).toBe(false);
    }
    expect(mock.store.keys.all().filter((key) => key.name.endsWith("~next"))).toEqual([]);

    // The queue lives on the cluster: nothing left waiting, running or failed.
    const connection = new Cluster(cluster!.nodes, { redisOptions: { maxRetriesPerRequest: null } });
    const queue = new Queue(ROTATION_QUEUE, { connection, prefix: DEFAULT_QUEUE_PREFIX });
    try {
      expect(await queue.getJobCounts("waiting", "active", "delayed", "failed")).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
        failed: 0,
      });
    } finally {
      await queue.close();
      await connection.quit();
    }
  }, 90_000);

  it("needs the hash tag: without one, BullMQ's multi-key scripts span slots and the cluster refuses them", async () => {
    const connection = new Cluster(cluster!.nodes, { redisOptions: { maxRetriesPerRequest: null } });
    const queue = new Queue(ROTATION_QUEUE, { connection, prefix: "keywarden-untagged" });
    try {
      await expect(queue.add("rotate", { keyId: "1" })).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await queue.close();
      await connection.quit();
    }
  });
});
