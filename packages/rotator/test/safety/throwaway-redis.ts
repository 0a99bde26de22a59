/**
 * A private, non-persistent redis-server on a free loopback port (`--save "" --appendonly no`): a
 * test may kill and restart it, losing everything in it, without touching the shared Redis.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { freePort } from "../support/free-port.js";

export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

function startServer(port: number, password?: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      ...(password ? ["--requirepass", password] : []),
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server on port ${port} not ready within 10 s`));
    }, 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      if (String(chunk).includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server on port ${port} exited (${code})`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  return exited;
}

/**
 * A throwaway Redis (with `password`, its `requirepass`): its URL, a restart that loses its data, a
 * stop, and `close` (kills it by its pid).
 */
export async function throwawayRedis(options: { password?: string } = {}) {
  const port = await freePort();
  let server = await startServer(port, options.password);
  return {
    port,
    url: `redis://${options.password ? `:${options.password}@` : ""}127.0.0.1:${port}`,
    /** SIGKILL, then a new empty server on the same port. */
    async restart(): Promise<void> {
      await killed(server);
      server = await startServer(port, options.password);
    },
    /** SIGKILL, leaving the port closed. */
    stop: () => killed(server),
    close: () => killed(server),
  };
}
