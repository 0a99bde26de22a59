/**
 * The rotator's own key, with real processes: given directly (`KEYWARDEN_API_KEY`), its rotation is
 * refused and `plan` marks it; read from Vault (`KEYWARDEN_API_KEY_VAULT_PATH`), a `run` and a
 * `worker` rotate it like any other key and both keep working after the old key is revoked. The
 * tests share one mock and run in this order.
 */
import { createKeywardenClient } from "@keywarden/sdk";
import { createVaultClient } from "@keywarden/vault";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliProcess, logRecords, runCli, startCli } from "../cluster/cli-process.js";
import { eventually, isolatedRedis, REDIS_URL } from "../support/redis.js";
import { mockOverSocketForFile } from "../support/socket-mock.js";

const secret = (name: string) => `${name}-secret-`.padEnd(43, "0");
const { mock, url } = mockOverSocketForFile([
  { name: "rotator", secret: secret("rotator"), expiresInDays: 2 },
  { name: "alpha", secret: secret("alpha"), expiresInDays: 2 },
  { name: "beta", secret: secret("beta"), expiresInDays: 2 },
]);
const LATER = ["gamma", "delta", "epsilon", "zeta"];

describe("the rotator's own key, real processes", () => {
  let redis = isolatedRedis();
  const processes: CliProcess[] = [];
  beforeEach(() => {
    redis = isolatedRedis();
  });
  afterEach(async () => {
    // SIGTERM: the bin shim passes it on to the CLI it runs (a SIGKILL would orphan that one).
    await Promise.all(processes.splice(0).map((cli) => cli.stop("SIGTERM")));
    mock.faults.clear();
    await redis.cleanup();
  });

  const admin = () =>
    createKeywardenClient({ baseUrl: url(), auth: { username: "admin", password: "admin" } });
  const vault = () => createVaultClient({ address: url(), token: "root" });
  const env = (extra: Record<string, string>) => ({
    KEYWARDEN_URL: url(),
    VAULT_ADDR: url(),
    VAULT_TOKEN: "root",
    REDIS_URL,
    KEYWARDEN_QUEUE_PREFIX: redis.prefix,
    KEYWARDEN_METRICS_PORT: "0",
    KEYWARDEN_LOG_LEVEL: "info",
    KEYWARDEN_CONCURRENCY: "1",
    KEYWARDEN_ATTEMPTS: "5",
    KEYWARDEN_BACKOFF: "100ms",
    ...extra,
  });
  const idsByName = async () => {
    const ids = new Map<string, { id: string; status: string | undefined }>();
    for await (const key of admin().apiKeys.list())
      ids.set(key.name, { id: String(key.id), status: key.status });
    return ids;
  };
  /** The key Vault holds for `name`, and whether the API accepts it. */
  const vaultKey = async (name: string) => {
    const stored = (await vault().kv.read(`keywarden/${name}`)).data;
    return { keyId: String(stored.key_id), works: await admin().apiKeys.verify(String(stored.api_key)) };
  };

  it("given directly, its rotation is refused before anything is created, and plan marks it", async () => {
    const own = secret("rotator");
    const settings = env({ KEYWARDEN_API_KEY: own, KEYWARDEN_LOG_LEVEL: "silent" });
    const plan = await runCli(["plan"], settings);
    expect(plan.stdout).toMatch(/rotator .* skip .* the rotator's own key \(KEYWARDEN_API_KEY\)/s);
    const rotate = await runCli(["rotate", "rotator"], settings);
    expect(rotate.code).toBe(1);
    expect(rotate.stderr).toContain("this is the rotator's own key (KEYWARDEN_API_KEY)");
    expect(rotate.stderr).toContain("KEYWARDEN_API_KEY_VAULT_PATH");
    expect([...(await idsByName()).keys()].filter((name) => name.endsWith("~next"))).toEqual([]);
    expect(await admin().apiKeys.verify(own)).toBe(true);
  }, 30_000);

  it("run + worker rotate their own key from Vault and both keep working after the old one is revoked", async () => {
    const before = await idsByName();
    for (const name of ["rotator", "alpha", "beta"]) {
      await vault().kv.write(`keywarden/${name}`, {
        api_key: secret(name),
        key_id: before.get(name)?.id,
        name,
      });
    }
    const settings = env({
      KEYWARDEN_API_KEY_VAULT_PATH: "keywarden/rotator",
      KEYWARDEN_SCHEDULE: "0 0 1 1 *",
    });
    const run = startCli(["run"], settings);
    const worker = startCli(["worker"], settings);
    processes.push(run, worker);

    await eventually(
      async () => (await vaultKey("rotator")).keyId,
      (keyId) => keyId !== before.get("rotator")?.id,
      20_000,
    );
    await eventually(
      idsByName,
      (ids) => ids.get(`rotator~retired-${before.get("rotator")?.id}`)?.status === "REVOKED",
      20_000,
    );
    expect(await admin().apiKeys.verify(secret("rotator"))).toBe(false);
    expect(await vaultKey("rotator")).toMatchObject({ works: true });

    // More work after the revoke, held long enough that both processes take some.
    const revokedAt = Date.now();
    const originals = new Map<string, string>();
    for (const name of LATER) {
      const key = await admin().apiKeys.create({
        name,
        allowedIp: [],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      const fresh = await admin().apiKeys.generate(key.id);
      await vault().kv.write(`keywarden/${name}`, { api_key: fresh, key_id: String(key.id), name });
      originals.set(name, String(key.id));
    }
    mock.faults.add({ path: "/api/api-keys/:id/generate", method: "POST", latencyMs: 700, times: 4 });
    expect((await runCli(["scan"], settings)).code).toBe(0);

    for (const name of ["rotator", "alpha", "beta", ...LATER]) {
      await eventually(
        () => vaultKey(name),
        (key) => key.works && key.keyId !== (originals.get(name) ?? before.get(name)?.id),
        20_000,
      );
    }
    await eventually(
      async () => [run, worker].map((cli) => rotatedAfter(cli, revokedAt)),
      (counts) => counts.every((count) => count >= 1),
      20_000,
    );
    const ids = await eventually(idsByName, (all) => ![...all.keys()].some((name) => name.endsWith("~next")));
    for (const name of ["rotator", "alpha", "beta", ...LATER]) {
      expect(ids.get(name)).toMatchObject({ id: (await vaultKey(name)).keyId, status: "ACTIVE" });
    }
  }, 60_000);
});

/** Rotations a process finished (rotated) after `since`, from its log lines. */
function rotatedAfter(cli: CliProcess, since: number): number {
  return logRecords(cli.lines).filter(
    (record) =>
      record.event === "rotation.finished" &&
      record.kind === "rotated" &&
      Date.parse(String(record.time)) > since,
  ).length;
}
