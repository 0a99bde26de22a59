import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** A server running in its own process, so the load generator does not share its event loop. */
export interface ChildServer<Info> {
  info: Info;
  process: ChildProcess;
  close(): Promise<void>;
}

/**
 * Starts a TypeScript entry point in a child Node process and waits for the first line it prints,
 * a JSON object describing the server (its URL and credentials for the benchmark).
 */
export async function startChildServer<Info>(entry: URL, args: string[] = []): Promise<ChildServer<Info>> {
  const child = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", fileURLToPath(entry), ...args],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<Info>((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`${entry.pathname} exited with ${code} before it was ready`)),
    );
    lines.once("line", (line) => resolve(JSON.parse(line) as Info));
  });
  return {
    info,
    process: child,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
