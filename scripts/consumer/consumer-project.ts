import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PackedPackage } from "../packages/pack.js";
import { runOrExplain } from "../packages/pack.js";

const FIXTURE = fileURLToPath(new URL("./fixture", import.meta.url));

/**
 * The environment of every command run in the consumer project: this process's, less what the
 * workspace's own tools set (pnpm's npm_config_*, vitest's VITEST_* and NODE_OPTIONS) and less any
 * Keywarden, Vault or Redis setting of the machine, so the project sees only what a test passes.
 */
export function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|VITEST|NODE_OPTIONS$|KEYWARDEN_|VAULT_|REDIS_)/i.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Makes a project outside the workspace (under the system's temp folder) and installs the tarballs
 * into it with npm, as a user would, with the registry's versions of every third-party dependency.
 * The tarballs go on one command line, so npm satisfies the packages' dependencies on each other
 * (`@keywarden/sdk@0.1.0`) from them rather than from the registry. vitest, typescript and
 * @types/node are the user's own tools; msw comes as the mock server's peer dependency.
 * @param packed the packed packages
 * @param tools `name@range` of the tools to install beside them
 * @returns the project's folder, holding the files of ./fixture
 */
export async function createConsumerProject(packed: PackedPackage[], tools: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "keywarden-consumer-"));
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "keywarden-consumer", private: true, type: "module" }, null, 2)}\n`,
  );
  for (const file of readdirSync(FIXTURE)) cpSync(join(FIXTURE, file), join(dir, file));
  const tarballs = packed.map((p) => p.tarball);
  await runOrExplain(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tarballs, ...tools],
    dir,
    consumerEnv(),
  );
  return dir;
}

/**
 * Writes a module with one namespace import per entry point given (`@keywarden/sdk`,
 * `@keywarden/mock-server/vitest`), so that tsc compiles every entry point's declarations; the test
 * reads the entry points from the packed manifests, so a new one is compiled without editing it.
 * @param file the module's name in the project (`every-entry.ts`)
 */
export function writeEntryImports(dir: string, file: string, entryPoints: string[]): void {
  const lines = entryPoints.map((specifier, i) => `import * as entry${i} from "${specifier}";`);
  lines.push(`export const entries = [${entryPoints.map((_, i) => `entry${i}`).join(", ")}];`);
  writeFileSync(join(dir, file), `${lines.join("\n")}\n`);
}

/** The import specifiers of a package's `exports` keys (`.` → the name, `./vitest` → `name/vitest`). */
export function entryPointsOf(name: string, exportsValue: unknown): string[] {
  if (exportsValue === null || typeof exportsValue !== "object") return [name];
  return Object.keys(exportsValue)
    .filter((key) => key.startsWith("."))
    .map((key) => (key === "." ? name : `${name}/${key.slice(2)}`));
}

/** A standalone mock started with `npx keywarden-mock`. */
export interface StartedMock {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `npx keywarden-mock --port 0` in the project and waits for its "listening on" line.
 * npx runs the bin in a child of its own, so the mock gets a process group of its own, and `stop`
 * signals that group (this call's processes only).
 */
export async function startStandaloneMock(dir: string): Promise<StartedMock> {
  const child = spawn("npx", ["--no-install", "keywarden-mock", "--port", "0", "--quiet"], {
    cwd: dir,
    env: consumerEnv(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`keywarden-mock did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ""));
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`keywarden-mock exited (${code}):\n${output}`));
    });
  });
  return { url, stop: () => stopGroup(child) };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The outcome of one command run in the consumer project. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the project and collects its output, whatever its exit code. */
export function runInProject(
  dir: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: dir,
      env: consumerEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Deletes every Redis key under a prefix (`{kw-consumer-…}*`) on a local Redis, with one Lua call
 * over a plain socket: the test has no Redis client of its own, and the prefix is unique to it.
 */
export function deleteRedisPrefix(prefix: string, port = 6379, host = "127.0.0.1"): Promise<string> {
  const script =
    "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) n = n + 1 end return n";
  const command = ["EVAL", script, "0", `${prefix}*`];
  const request = `*${command.length}\r\n${command.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join("")}`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => socket.write(request));
    let answer = "";
    socket.setTimeout(5_000, () => socket.destroy(new Error("Redis did not answer within 5 s")));
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (answer.endsWith("\r\n")) {
        socket.end();
        resolve(answer.trim());
      }
    });
    socket.once("error", reject);
  });
}
