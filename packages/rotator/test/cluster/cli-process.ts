/**
 * The real `keywarden-rotator` command (bin/keywarden-rotator.js) as a child process, configured
 * by environment variables only, as an operator runs it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/keywarden-rotator.js", import.meta.url));

/** The environment of the test runner minus the settings a test must choose itself. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  // A REDIS_URL from the runner's environment would clash with REDIS_CLUSTER_NODES (refused).
  delete inherited.REDIS_URL;
  delete inherited.KEYWARDEN_CONFIG_FILE;
  delete inherited.CONFIG_FILE;
  return { ...inherited, ...env };
}

/** A long-running command (`worker`, `run`): its output lines, and a way to stop it with a signal. */
export interface CliProcess {
  readonly process: ChildProcess;
  /** Resolves with the exit code once the process has ended and its output is read. */
  readonly exited: Promise<number | null>;
  /** Every stdout line so far: the log lines of `run` and `worker`, a one-shot command's result. */
  readonly lines: string[];
  /** Every stderr line so far: a one-shot command's log lines and error messages. */
  readonly errors: string[];
  /** Resolves with the first line matching `predicate` (rejects if the process exits first). */
  waitForLine(predicate: (line: string) => boolean, what: string): Promise<string>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `keywarden-rotator <args>` and keeps it running. */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
    // its own process group: a SIGKILL reaches the TypeScript child the bin runs from source too
    detached: true,
  });
  const lines: string[] = [];
  const errors: string[] = [];
  let pendingError = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    const parts = (pendingError + chunk).split("\n");
    pendingError = parts.pop() ?? "";
    errors.push(...parts.filter((line) => line !== ""));
  });
  const listeners = new Set<() => void>();
  // "close" comes after stdout is drained, so `lines` is complete when it resolves.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  let pending = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    const parts = (pending + chunk).split("\n");
    pending = parts.pop() ?? "";
    lines.push(...parts.filter((line) => line !== ""));
    for (const listener of listeners) listener();
  });
  child.once("close", () => {
    if (pending !== "") lines.push(pending);
    if (pendingError !== "") errors.push(pendingError);
    for (const listener of listeners) listener();
  });
  return {
    process: child,
    exited,
    lines,
    errors,
    waitForLine(predicate, what) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find(predicate);
          if (line !== undefined) {
            listeners.delete(check);
            resolve(line);
          } else if (child.exitCode !== null) {
            listeners.delete(check);
            reject(
              new Error(`keywarden-rotator ${args.join(" ")} exited (${child.exitCode}) before ${what}`),
            );
          }
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) {
        // The bin passes SIGTERM and SIGINT on; a SIGKILL it cannot, so the whole group gets it (a
        // failed test's clean-up left both workers running, orphaned, on the Redis Cluster).
        if (signal === "SIGKILL" && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        else child.kill(signal);
      }
      return exited;
    },
  };
}

/** Runs `keywarden-rotator <args>` to the end; resolves with its exit code, stdout and stderr. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args, env);
  const code = await cli.exited;
  return { code, stdout: cli.lines.join("\n"), stderr: cli.errors.join("\n") };
}

/** The JSON log lines among `lines` (other output is skipped). */
export function logRecords(lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
