import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The `keywarden-mock` bin, as `npx keywarden-mock` runs it. */
export const MOCK_BIN = fileURLToPath(new URL("../../bin/keywarden-mock.js", import.meta.url));

/** A `keywarden-mock` process, started and printing its banner. */
export interface MockBin {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, which the bin passes on to the server it started; SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** Starts the bin with `args` and waits (at most 15 s) until its banner names the Vault address. */
export async function startMockBin(args: readonly string[]): Promise<MockBin> {
  const child = spawn(process.execPath, [MOCK_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const bin: MockBin = {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const late = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(late);
    },
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start:\n${output}`)), 15_000);
    child.once("exit", () => reject(new Error(`the mock exited:\n${output}`)));
    const check = setInterval(() => {
      if (/vault: +http/.test(output)) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 50);
  }).catch(async (error: unknown) => {
    await bin.stop();
    throw error;
  });
  return bin;
}
