/**
 * One `keywarden-rotator` child process (bin/keywarden-rotator.js) and what it prints: stdout lines
 * as they come, stderr apart, waits on a line with a deadline, and a stop that reaches the CLI the
 * bin shim runs in a grandchild.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { logRecords } from "../cluster/cli-process.js";

const BIN = fileURLToPath(new URL("../../bin/keywarden-rotator.js", import.meta.url));

/** A `keywarden-rotator` child process and its output. */
export interface Cli {
  readonly args: readonly string[];
  /**
   * Every stdout line so far: the result of a one-shot command (`plan`, `rotate`, `status`, ...),
   * or the log lines of `run` and `worker`.
   */
  readonly lines: string[];
  /** Every stderr line so far: a one-shot command's log lines and error messages. */
  readonly errors: string[];
  /** Resolves with the exit code once the process ended and its output is read. */
  readonly exited: Promise<number | null>;
  /** The first line matching `predicate`; rejects after `timeoutMs` or when the process exits first. */
  waitForLine(predicate: (line: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** SIGTERM (passed on by the bin shim), then SIGKILL of the whole process group after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

/** The JSON log lines among `lines` (the cluster tests' reader). */
export const records = logRecords;

/** A line that is the JSON log record with these fields. */
export function logLine(fields: Record<string, unknown>): (line: string) => boolean {
  return (line) =>
    records([line]).some((record) => Object.entries(fields).every(([k, v]) => record[k] === v));
}

/** `promise`, or a rejection naming `what` after `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts `keywarden-rotator <args>` with exactly `env`. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): Cli {
  // Its own process group: the bin shim runs the CLI in a grandchild, and a hard stop must reach both.
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const pipe = (stream: NodeJS.ReadableStream | null, sink: (line: string) => void) => {
    let pending = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const parts = (pending + chunk).split("\n");
      pending = parts.pop() ?? "";
      for (const part of parts) if (part !== "") sink(part);
      for (const listener of listeners) listener();
    });
    stream?.on("end", () => {
      if (pending !== "") sink(pending);
      for (const listener of listeners) listener();
    });
  };
  pipe(child.stdout, (line) => lines.push(line));
  // stderr is kept apart (a one-shot command's logs), and shown when a wait fails.
  const errors: string[] = [];
  pipe(child.stderr, (line) => errors.push(line));
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const listener of listeners) listener();
  });
  const cli: Cli = {
    args,
    lines,
    errors,
    exited,
    waitForLine(predicate, what, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const done = (action: () => void) => {
          listeners.delete(check);
          clearTimeout(timer);
          action();
        };
        const fail = (why: string) =>
          done(() =>
            reject(
              new Error(
                `keywarden-rotator ${args.join(" ")} ${why} before ${what}\n--- stdout (last 30 lines)\n${lines.slice(-30).join("\n")}\n--- stderr\n${errors.slice(-30).join("\n")}`,
              ),
            ),
          );
        const check = () => {
          const line = lines.find(predicate);
          if (line !== undefined) done(() => resolve(line));
          else if (ended) fail("exited");
        };
        const timer = setTimeout(() => fail(`did not print it within ${timeoutMs} ms`), timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 8_000) {
      if (!ended && child.pid !== undefined) child.kill("SIGTERM");
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
      if (!ended && child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
        return exited;
      }
      return code as number | null;
    },
  };
  return cli;
}
