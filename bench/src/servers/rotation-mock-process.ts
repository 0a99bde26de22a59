// Child-process entry: the standalone mock key service + Vault emulation for the rotator benchmarks.
// Commands over IPC: seed due keys straight into the store, read (and reset) the request counts and
// the CPU time the mock spent serving them, and check the end state of a rotation run.
import { createKeyServiceMock, type KeySeed, startMockServer } from "@keywarden/mock-server";
import { type IpcCommand, serveCommands } from "./ipc-child.js";

/** What the benchmark needs to point a rotator at this mock. */
export interface RotationMockInfo {
  url: string;
}

/** Requests served since the last `take-stats`, and the mock's CPU time serving them. */
export interface MockStats {
  requests: number;
  /** Requests per route, e.g. `POST /api/api-keys/{id}/generate`, `GET /v1/secret/data/*`. */
  byRoute: Record<string, number>;
  /** User + system CPU milliseconds of the mock process over the same period. */
  cpuMs: number;
  wallMs: number;
}

/** The end state of a rotation run, as the store and Vault see it. */
export interface RotationCheck {
  logicalKeys: number;
  /** Logical keys with exactly one live key under their name, whose secret Vault holds. */
  rotatedOnce: number;
  problems: string[];
}

const DAY = 86_400_000;
const mock = createKeyServiceMock({ keyLimit: 100_000_000, seed: { alertCount: 0 } });
const server = await startMockServer({
  handlers: mock.handlers,
  port: 0,
  onRequestLog: (entry) => {
    const route = routeOf(entry.method, entry.path);
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
  },
});

let byRoute = new Map<string, number>();
let cpuSince = process.cpuUsage();
let wallSince = performance.now();

/** Groups paths by route so a request log can be summed per operation. */
function routeOf(method: string, path: string): string {
  const bare = path.split("?", 1)[0]!;
  const vault = /^\/v1\/secret\/(data|metadata)\//.exec(bare);
  if (vault) return `${method} /v1/secret/${vault[1]}/*`;
  return `${method} ${bare.replace(/\/\d+(?=\/|$)/g, "/{id}")}`;
}

function seedDueKeys(count: number, prefix: string, expiresInMs: number): number {
  const started = performance.now();
  mock.reset();
  const expiresAt = new Date(Date.now() + expiresInMs).toISOString();
  const keys: KeySeed[] = Array.from({ length: count }, (_, index) => ({
    owner: "admin",
    name: `${prefix}${index}`,
    secret: `seeded-secret-${index}`.padEnd(43, "x"),
    allowedIp: [],
    expiresAt,
  }));
  mock.store.applySeed({ keys });
  return performance.now() - started;
}

/**
 * Seeds a large fleet in bulk (no secrets: a scan only lists keys): every `dueEvery`-th key expires
 * within the rotation window, the others in 90 days. Returns the milliseconds it took.
 */
function seedFleet(count: number, prefix: string, dueEvery: number): number {
  const started = performance.now();
  mock.reset();
  const owner = mock.store.users.findByLogin("admin");
  if (!owner) throw new Error("the mock has no admin user");
  const now = Date.now();
  const inputs = Array.from({ length: count }, (_, index) => ({
    name: `${prefix}${index}`,
    description: null,
    allowedIp: [],
    expiresAt: now + (index % dueEvery === 0 ? DAY : 90 * DAY),
  }));
  mock.store.keys.createMany(owner.id, inputs, now);
  return performance.now() - started;
}

function takeStats(): MockStats {
  const cpu = process.cpuUsage(cpuSince);
  const stats: MockStats = {
    requests: [...byRoute.values()].reduce((sum, count) => sum + count, 0),
    byRoute: Object.fromEntries(byRoute),
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wallSince,
  };
  byRoute = new Map();
  cpuSince = process.cpuUsage();
  wallSince = performance.now();
  return stats;
}

/**
 * Each logical key `<prefix><i>` must end with exactly one ACTIVE key under its name, no successor
 * left under `~next`, and Vault's current version at `keywarden/<name>` holding that key's id.
 */
function checkRotations(count: number, prefix: string): RotationCheck {
  const live = new Map<string, number[]>();
  const problems: string[] = [];
  for (const key of mock.store.keys.all()) {
    if (!key.name.startsWith(prefix)) continue;
    if (key.name.endsWith("~next")) problems.push(`successor left behind: ${key.name} (id ${key.id})`);
    if (key.status !== "ACTIVE") continue;
    const ids = live.get(key.name) ?? [];
    ids.push(key.id);
    live.set(key.name, ids);
  }
  const kv = mock.vault?.state.mounts.get("secret");
  let rotatedOnce = 0;
  for (let index = 0; index < count; index++) {
    const name = `${prefix}${index}`;
    const ids = live.get(name) ?? [];
    const secret = kv?.keys.get(`keywarden/${name}`);
    const current = secret?.versions.get(secret.currentVersion)?.data;
    if (ids.length !== 1) problems.push(`${name}: ${ids.length} live keys`);
    else if (secret?.currentVersion !== 1)
      problems.push(`${name}: Vault has ${secret?.currentVersion ?? 0} versions`);
    else if (current?.key_id !== String(ids[0]))
      problems.push(`${name}: Vault holds key ${String(current?.key_id)}, live is ${ids[0]}`);
    else rotatedOnce++;
  }
  for (const [name, ids] of live) {
    if (name.includes("~retired-")) problems.push(`${name}: retired key still live (ids ${ids.join(",")})`);
  }
  return { logicalKeys: count, rotatedOnce, problems: problems.slice(0, 20) };
}

serveCommands(
  { url: server.url } satisfies RotationMockInfo,
  (command: IpcCommand) => {
    switch (command.type) {
      case "seed-due":
        return seedDueKeys(Number(command.count), String(command.prefix), Number(command.expiresInMs));
      case "seed-fleet":
        return seedFleet(Number(command.count), String(command.prefix), Number(command.dueEvery));
      case "take-stats":
        return takeStats();
      case "check":
        return checkRotations(Number(command.count), String(command.prefix));
      default:
        throw new Error(`unknown command ${command.type}`);
    }
  },
  () => server.close(),
);
