/**
 * Scale-out on Redis Cluster with the real command line: two `keywarden-rotator worker` processes
 * and two racing `keywarden-rotator scan` runs share one 3-node cluster (REDIS_CLUSTER_NODES) under
 * the hash-tagged prefix `{keywarden}`; every due key is rotated exactly once, both workers take
 * part, and `keywarden-rotator status` reads the queue from the cluster.
 */
import { spawnSync } from "node:child_process";
import { createKeyServiceMock, type KeyServiceMock, startMockServer } from "@keywarden/mock-server";
import { Queue } from "bullmq";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_QUEUE_PREFIX, ROTATION_QUEUE } from "../../src/queue/names.js";
import { type CliProcess, logRecords, runCli, startCli } from "./cli-process.js";
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

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Key ids this worker process logged as rotated (`rotation.finished`, kind `rotated`). */
function rotatedBy(worker: CliProcess): string[] {
  return logRecords(worker.lines)
    .filter((record) => record.event === "rotation.finished" && record.kind === "rotated")
    .map((record) => String(record.keyId));
}

describe.skipIf(!hasRedisServer)("scale-out: the keywarden-rotator CLI on a 3-node Redis Cluster", () => {
  let cluster: LocalRedisCluster | undefined;
  let server: Awaited<ReturnType<typeof startMockServer>> | undefined;
  let mock: KeyServiceMock;
  const workers: CliProcess[] = [];
  const requests = new Map<string, number>();
  const env = () => ({
    KEYWARDEN_URL: server!.url,
    KEYWARDEN_USERNAME: "admin",
    KEYWARDEN_PASSWORD: "admin",
    VAULT_ADDR: server!.url,
    VAULT_TOKEN: "root",
    REDIS_CLUSTER_NODES: cluster!.nodes.map(({ host, port }) => `${host}:${port}`).join(","),
    KEYWARDEN_QUEUE_PREFIX: DEFAULT_QUEUE_PREFIX,
    KEYWARDEN_CONCURRENCY: "8",
    KEYWARDEN_GRACE_PERIOD: "0s",
    KEYWARDEN_METRICS_PORT: "0",
    KEYWARDEN_LOG_LEVEL: "info",
  });

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
    await Promise.all(workers.map((worker) => worker.stop("SIGKILL")));
    await server?.close();
    await cluster?.stop();
  });

  it("two workers and two racing scans rotate every due key exactly once; status reads the cluster", async () => {
    workers.push(startCli(["worker"], env()), startCli(["worker"], env()));
    const started = await Promise.all(
      workers.map((worker) =>
        worker.waitForLine((line) => line.includes('"event":"started"'), "its start-up log line"),
      ),
    );
    for (const line of started) {
      expect(JSON.parse(line)).toMatchObject({ mode: "worker", prefix: "{keywarden}" });
      expect(JSON.parse(line).redis).toMatch(/^Redis Cluster 127\.0\.0\.1:\d+, /);
    }

    // Two scans at once: while a key's job is queued or running, the other scan's job for it is a
    // duplicate (one deduplication id per key); one that arrives after the job finished runs, reads
    // the key already rotated, and completes without touching it. Exactly once is checked below, on
    // what each process rotated.
    const scans = await Promise.all([runCli(["scan", "--json"], env()), runCli(["scan", "--json"], env())]);
    for (const scan of scans) {
      expect(scan.code, scan.stdout).toBe(0);
      const report = logRecords(scan.stdout.split("\n")).find(
        (record) => "due" in record && "scanned" in record,
      );
      expect(report?.due).toBeLessThanOrEqual(KEYS);
    }

    const rotatedNames = () =>
      mock.store.keys
        .all()
        .filter((key) => key.status === "ACTIVE" && /^service-\d+$/.test(key.name) && key.id > KEYS).length;
    await until(() => rotatedNames() === KEYS, `${KEYS} rotated keys`, 45_000);

    // `status` against the cluster: everything done, nothing failed or waiting.
    const status = await runCli(["status"], env());
    expect(status.code, status.stdout).toBe(0);
    const counts =
      /Rotation jobs: waiting 0, active 0, delayed 0, completed (\d+), failed 0, prioritized 0/.exec(
        status.stdout,
      );
    expect(counts, status.stdout).not.toBeNull();
    expect(Number(counts![1])).toBeGreaterThanOrEqual(KEYS);
    expect(Number(counts![1])).toBeLessThanOrEqual(2 * KEYS);
    expect(status.stdout).toContain("In flight (0)");
    expect(status.stdout).toContain("Needs attention (0)");

    // SIGTERM: a graceful stop, exit code 0.
    expect(await Promise.all(workers.map((worker) => worker.stop("SIGTERM")))).toEqual([0, 0]);
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

    // Then the workers' own account, after the state above has shown each key rotated once: a key
    // reported rotated twice is named (a run that finds its rotation finished reports it too).
    const perProcess = workers.map(rotatedBy);
    const all = perProcess.flat();
    const twice = [...new Set(all.filter((id, index) => all.indexOf(id) !== index))];
    expect(twice, `keys reported rotated more than once: ${twice.join(", ")}`).toEqual([]);
    expect(new Set(all).size).toBe(KEYS);
    for (const own of perProcess) expect(own.length).toBeGreaterThan(0);

    // The jobs lived on the cluster (not on some single-node Redis the CLI fell back to).
    const connection = new Cluster(cluster!.nodes, { redisOptions: { maxRetriesPerRequest: null } });
    const queue = new Queue(ROTATION_QUEUE, { connection, prefix: DEFAULT_QUEUE_PREFIX });
    try {
      expect(await queue.getJobCounts("waiting", "active", "delayed", "completed", "failed")).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
        completed: KEYS,
        failed: 0,
      });
    } finally {
      await queue.close();
      await connection.quit();
    }
  }, 90_000);

  it("refuses a cluster configuration whose queue prefix has no hash tag, before touching Redis", async () => {
    const refused = await runCli(["status"], { ...env(), KEYWARDEN_QUEUE_PREFIX: "keywarden-untagged" });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("KEYWARDEN_QUEUE_PREFIX must contain a hash tag on Redis Cluster");
  });

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
