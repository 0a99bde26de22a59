// The packages as a user gets them from npm: packed with `pnpm pack` (prepack builds), checked with
// publint and attw, then installed with npm into a project outside the workspace, where the SDK, the
// standalone mock, the vitest helper, the rotator's CLI and tsc run as a user would run them.
// Needs the npm registry (third-party dependencies) and Redis on 127.0.0.1:6379, as CI has.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createConsumerProject,
  deleteRedisPrefix,
  entryPointsOf,
  runInProject,
  type StartedMock,
  startStandaloneMock,
  writeEntryImports,
} from "../consumer/consumer-project.js";
import { checkPackedPackage } from "../packages/check.js";
import { type PackedPackage, packWorkspace } from "../packages/pack.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
};
// The user's own tools, at the versions the workspace tests with.
const TOOLS = ["vitest", "typescript", "@types/node"].map(
  (name) => `${name}@${rootManifest.devDependencies[name]}`,
);

let outDir: string;
let packed: PackedPackage[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "keywarden-packs-"));
  packed = await packWorkspace(ROOT, outDir);
}, 300_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe("the packed packages", () => {
  it("pass publint (warnings count), attw under every resolution, and the packaging rules", async () => {
    expect(packed.map((p) => p.name)).toContain("@keywarden/rotator");
    const problems = (await Promise.all(packed.map(checkPackedPackage))).flat();
    expect(problems).toEqual([]);
  }, 120_000);
});

describe("a project outside the workspace that installed the tarballs with npm", () => {
  const prefix = `{kw-consumer-${randomUUID().slice(0, 8)}}`;
  const keyName = `consumer-${randomUUID().slice(0, 8)}`;
  let dir: string;
  let mock: StartedMock | undefined;
  let created: { id: number; name: string };

  beforeAll(async () => {
    dir = await createConsumerProject(packed, TOOLS);
    mock = await startStandaloneMock(dir);
  }, 300_000);

  afterAll(async () => {
    await mock?.stop();
    await deleteRedisPrefix(prefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const rotatorEnv = () => ({
    KEYWARDEN_URL: mock!.url,
    KEYWARDEN_USERNAME: "admin",
    KEYWARDEN_PASSWORD: "admin",
    VAULT_ADDR: mock!.url,
    VAULT_TOKEN: "root",
    REDIS_URL: "redis://127.0.0.1:6379",
    KEYWARDEN_QUEUE_PREFIX: prefix,
    KEYWARDEN_METRICS_PORT: "0",
    KEYWARDEN_LOG_LEVEL: "warn",
  });

  it("runs an SDK script against `npx keywarden-mock`", async () => {
    const run = await runInProject(dir, "node", ["sdk-against-mock.mjs"], {
      MOCK_URL: mock!.url,
      KEY_NAME: keyName,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    created = JSON.parse(run.stdout);
    expect(created.name).toBe(keyName);
  }, 60_000);

  it("runs a vitest file that uses @keywarden/mock-server/vitest and the SDK", async () => {
    const run = await runInProject(dir, "npx", ["--no-install", "vitest", "run", "mock-in-vitest.test.ts"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/2 passed/);
  }, 120_000);

  it("plans and rotates the key with `npx keywarden-rotator` through the mock's Vault and Redis", async () => {
    const plan = await runInProject(dir, "npx", ["--no-install", "keywarden-rotator", "plan"], rotatorEnv());
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain(keyName);

    const rotate = await runInProject(
      dir,
      "npx",
      ["--no-install", "keywarden-rotator", "rotate", keyName, "--json", "--timeout", "60s"],
      rotatorEnv(),
    );
    expect(rotate.code, rotate.stdout + rotate.stderr).toBe(0);
    expect(() => JSON.parse(rotate.stdout)).not.toThrow();

    const check = await runInProject(dir, "node", ["check-rotated.mjs"], {
      MOCK_URL: mock!.url,
      KEY_NAME: keyName,
    });
    expect(check.code, check.stderr).toBe(0);
    const after = JSON.parse(check.stdout) as { version: number; works: boolean; keyId: string };
    expect(after.works).toBe(true);
    expect(after.keyId).not.toBe(String(created.id));
    expect(after.version).toBeGreaterThan(1);
  }, 120_000);

  it("compiles every entry point with tsc (module nodenext, strict, skipLibCheck false)", async () => {
    const entries = (p: PackedPackage) =>
      entryPointsOf(p.name, p.manifest.publishConfig?.exports ?? p.manifest.exports);
    writeEntryImports(dir, "every-entry.ts", packed.flatMap(entries));
    // msw's declarations need the DOM lib; the packages that do not hand out msw handlers must not
    const withoutMsw = packed.filter((p) => p.manifest.peerDependencies?.msw === undefined);
    writeEntryImports(dir, "node-entry.ts", withoutMsw.flatMap(entries));
    for (const config of ["tsconfig.json", "tsconfig.node.json"]) {
      const run = await runInProject(dir, "npx", ["--no-install", "tsc", "-p", config]);
      expect(run.stdout + run.stderr, config).toBe("");
      expect(run.code, config).toBe(0);
    }
  }, 120_000);
});
