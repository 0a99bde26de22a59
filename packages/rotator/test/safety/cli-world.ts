/**
 * The world of the safety tests: the real `keywarden-rotator` command (bin/keywarden-rotator.js) as
 * child processes configured by environment only, against the standalone mock (key service and
 * Vault on one real socket, in this process) and a real Redis under a prefix of the test's own.
 *
 * A request can be held inside a step with a gate (`hold`): the request reaches the mock and waits
 * there, before the mock acts on it, until the test releases it. Unlike a fixed latency this never
 * depends on how fast a child process starts on a busy machine.
 */
import { createKeyServiceMock, startMockServer } from "@keywarden/mock-server";
import { createKeywardenClient } from "@keywarden/sdk";
import { createVaultClient } from "@keywarden/vault";
import { http, matchRequestUrl } from "msw";
import { expect } from "vitest";
import { RENAMED_SETTINGS, SETTING_NAMES } from "../../src/config/names.js";
import { isolatedRedis, REDIS_URL } from "../support/redis.js";
import { type Cli, spawnCli, withTimeout } from "./cli-child.js";

export { type Cli, logLine, records, withTimeout } from "./cli-child.js";

const DAY = 86_400_000;

/** A request the mock answered: method, path with ids replaced by `{id}`, status. */
export interface Answered {
  readonly method: string;
  readonly route: string;
  readonly status: number;
}

/** A held request: resolves `arrived` when it reaches the mock; `release` lets it through. */
export interface Hold {
  readonly arrived: Promise<void>;
  release(): void;
}

/** Inherited settings would override the test's own (a REDIS_CLUSTER_NODES, a CONFIG_FILE...). */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const setting of [...SETTING_NAMES, ...Object.keys(RENAMED_SETTINGS)]) delete inherited[setting];
  return { ...inherited, ...env };
}

/**
 * Seeds `names` as due keys (expiring in 2 days, inside the default 7-day window) with their secrets
 * stored in Vault as ops would (version 1), and opens a Redis prefix for the test.
 */
export async function cliWorld(names: readonly string[], options: { redisUrl?: string } = {}) {
  const secrets = new Map(names.map((name) => [name, `${name}-old-secret-`.padEnd(43, "0")]));
  const mock = createKeyServiceMock({
    keyLimit: 100,
    seed: {
      alertCount: 0,
      keys: names.map((name) => ({
        owner: "admin",
        name,
        secret: secrets.get(name),
        description: `${name} integration`,
        expiresAt: new Date(Date.now() + 2 * DAY).toISOString(),
      })),
    },
  });

  const answered: Answered[] = [];
  const arrivals: string[] = [];
  const holds: Array<{ method: string; path: string; arrive: () => void; gate: Promise<void> }> = [];
  // Before the mock's handlers (its fault wrapper included); falls through to them once released.
  const spy = http.all("*", async ({ request }) => {
    const url = new URL(request.url);
    arrivals.push(`${request.method} ${url.pathname}`);
    const index = holds.findIndex(
      (hold) => hold.method === request.method && matchRequestUrl(url, hold.path).matches,
    );
    if (index >= 0) {
      const [hold] = holds.splice(index, 1);
      hold?.arrive();
      await hold?.gate;
    }
    return undefined;
  });
  const server = await startMockServer({
    handlers: [spy, ...mock.handlers],
    onRequestLog: ({ method, path, status }) => {
      const route = (path.split("?")[0] ?? "").replace(/\/\d+(?=\/|$)/g, "/{id}");
      answered.push({ method, route, status });
    },
  });
  const releases: Array<() => void> = [];
  const sdk = createKeywardenClient({
    baseUrl: server.url,
    auth: { username: "admin", password: "admin" },
    retry: false,
  });
  const vault = createVaultClient({ address: server.url, token: "root" });
  const originalIds = new Map<string, string>();
  for await (const key of sdk.apiKeys.list()) originalIds.set(key.name, String(key.id));
  for (const name of names) {
    await vault.kv.write(`keywarden/${name}`, {
      api_key: secrets.get(name),
      key_id: originalIds.get(name),
      name,
    });
  }
  answered.length = 0;
  arrivals.length = 0;

  const redisUrl = options.redisUrl ?? REDIS_URL;
  const redis = isolatedRedis(redisUrl);
  // A test may restart its own Redis on purpose: reconnecting is expected, not an error to print.
  redis.connection.on("error", () => {});
  const clis = new Set<Cli>();

  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    KEYWARDEN_URL: server.url,
    KEYWARDEN_USERNAME: "admin",
    KEYWARDEN_PASSWORD: "admin",
    VAULT_ADDR: server.url,
    VAULT_TOKEN: "root",
    REDIS_URL: redisUrl,
    KEYWARDEN_QUEUE_PREFIX: redis.prefix,
    KEYWARDEN_METRICS_PORT: "0",
    KEYWARDEN_LOG_LEVEL: "debug",
    KEYWARDEN_CONCURRENCY: "2",
    KEYWARDEN_SHUTDOWN_TIMEOUT: "3s",
    ...extra,
  });

  /** Starts `keywarden-rotator <args>`; the world stops it at the end if the test did not. */
  function start(args: string[], extraEnv: Record<string, string> = {}): Cli {
    const cli = spawnCli(args, childEnv(env(extraEnv)));
    clis.add(cli);
    void cli.exited.then(() => clis.delete(cli));
    return cli;
  }

  /**
   * Runs a one-shot command to its end (within `timeoutMs`): exit code, stdout (its result) and
   * stderr (its logs and error messages).
   */
  async function run(
    args: string[],
    extraEnv: Record<string, string> = {},
    timeoutMs = 30_000,
  ): Promise<{ code: number | null; stdout: string; lines: string[]; stderr: string; errors: string[] }> {
    const cli = start(args, extraEnv);
    try {
      const code = await withTimeout(cli.exited, timeoutMs, `keywarden-rotator ${args.join(" ")} to exit`);
      return {
        code,
        stdout: cli.lines.join("\n"),
        lines: cli.lines,
        stderr: cli.errors.join("\n"),
        errors: cli.errors,
      };
    } finally {
      await cli.stop(1_000);
    }
  }

  /** Holds the next `method` request to `path` (an MSW pattern) inside the mock until released. */
  function hold(method: string, path: string): Hold {
    let arrive = () => {};
    let release = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    holds.push({ method, path: path.startsWith("/") ? `*${path}` : path, arrive, gate });
    releases.push(release);
    return { arrived, release };
  }

  /** How many requests the mock answered with this method, route (ids as `{id}`) and status. */
  const count = (method: string, route: string, status?: number) =>
    answered.filter(
      (entry) =>
        entry.method === method && entry.route === route && (status === undefined || entry.status === status),
    ).length;

  /** The key service's keys of logical key `name` (its own name, `~next`, `~retired-<id>`), over the API. */
  async function family(name: string) {
    const keys = [];
    for await (const key of sdk.apiKeys.list()) {
      if (key.name === name || key.name.startsWith(`${name}~`)) {
        keys.push({ id: String(key.id), name: key.name, status: key.status });
      }
    }
    return keys;
  }

  /** What an app reading `secret/data/keywarden/<name>` gets, and whether the API accepts it. */
  async function appView(name: string) {
    const secret = await vault.kv.read(`keywarden/${name}`);
    const apiKey = String(secret.data.api_key);
    return {
      apiKey,
      keyId: String(secret.data.key_id),
      version: secret.metadata.version,
      works: await sdk.apiKeys.verify(apiKey),
    };
  }

  return {
    mock,
    server,
    sdk,
    vault,
    secrets,
    originalIds,
    answered,
    arrivals,
    redis,
    env,
    start,
    run,
    hold,
    count,
    family,
    appView,
    async close() {
      for (const release of releases) release();
      await Promise.all([...clis].map((cli) => cli.stop(3_000)));
      await server.close();
      await withTimeout(redis.cleanup(), 5_000, `the Redis prefix ${redis.prefix} to be deleted`).catch(() =>
        redis.connection.disconnect(),
      );
    },
  };
}

/** A world as `cliWorld` returns it. */
export type CliWorld = Awaited<ReturnType<typeof cliWorld>>;

/**
 * The end state every safety test checks: apps reading Vault get a key the API accepts, it is the
 * one live key of the logical key and holds its name, and no `~next` key (live or revoked) is left.
 * `rotated`: that key is a successor and the old key is retired (renamed and revoked, its secret
 * dead); otherwise it is still the original key with its original secret.
 */
export async function expectOneWorkingKey(world: CliWorld, name: string, options: { rotated: boolean }) {
  const app = await world.appView(name);
  const family = await world.family(name);
  const live = family.filter((key) => key.status !== "REVOKED");
  const originalId = world.originalIds.get(name) as string;
  const oldSecret = world.secrets.get(name) as string;
  expect(live, `live keys of "${name}"`).toEqual([expect.objectContaining({ name })]);
  expect(
    family.filter((key) => key.name.endsWith("~next")),
    `"${name}~next" keys`,
  ).toEqual([]);
  expect(app.works, "the API accepts the key apps read from Vault").toBe(true);
  expect(app.keyId).toBe(live[0]?.id);
  if (options.rotated) {
    expect(live[0]?.id).not.toBe(originalId);
    expect(family.find((key) => key.id === originalId)).toEqual({
      id: originalId,
      name: `${name}~retired-${originalId}`,
      status: "REVOKED",
    });
    expect(await world.sdk.apiKeys.verify(oldSecret), "the old secret is dead").toBe(false);
  } else {
    expect(live[0]?.id).toBe(originalId);
    expect(app.apiKey).toBe(oldSecret);
    expect(app.version).toBe(1);
  }
  return { app, family, live };
}
