import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A message to an IPC child: a command name plus its arguments. */
export interface IpcCommand {
  type: string;
  [argument: string]: unknown;
}

/** A TypeScript entry point running in its own Node process, answering commands over IPC. */
export interface IpcChild<Info> {
  /** What the child sent once ready (its URL, ...). */
  info: Info;
  process: ChildProcess;
  /** Sends a command and resolves with the child's answer (or rejects with the child's error). */
  request<Answer>(command: IpcCommand): Promise<Answer>;
  close(): Promise<void>;
}

interface Envelope {
  id?: number;
  ready?: unknown;
  answer?: unknown;
  error?: string;
}

/**
 * Starts `entry` with `node --conditions=source --import tsx` and an IPC channel. The child sends
 * `{ ready: info }` once listening, then answers each `{ id, command }` with `{ id, answer }` or
 * `{ id, error }` (see {@link serveCommands}). Extra `nodeArgs` go before the entry (e.g. `--cpu-prof`).
 */
export async function startIpcChild<Info>(
  entry: URL,
  options: { args?: string[]; nodeArgs?: string[] } = {},
): Promise<IpcChild<Info>> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      "--conditions=source",
      "--import",
      "tsx",
      fileURLToPath(entry),
      ...(options.args ?? []),
    ],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  const info = await new Promise<Info>((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`${entry.pathname} exited with ${code} before it was ready`)),
    );
    child.on("message", (message: Envelope) => {
      if ("ready" in message) return resolve(message.ready as Info);
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id!);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.answer);
    });
  });
  child.on("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`child exited with ${code}`));
    pending.clear();
  });
  return {
    info,
    process: child,
    request<Answer>(command: IpcCommand) {
      const id = nextId++;
      return new Promise<Answer>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, command });
      });
    },
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * The child's side: announces `info`, then runs each command through `handle` and sends its answer.
 * SIGTERM runs `onStop` and exits.
 */
export function serveCommands(
  info: unknown,
  handle: (command: IpcCommand) => unknown,
  onStop: () => Promise<void>,
): void {
  const send = (message: Envelope) => process.send?.(message);
  process.on("message", (message: { id: number; command: IpcCommand }) => {
    Promise.resolve()
      .then(() => handle(message.command))
      .then(
        (answer) => send({ id: message.id, answer }),
        (error: unknown) =>
          send({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  process.on("SIGTERM", () => void onStop().then(() => process.exit(0)));
  // Leave when the parent goes away (an interrupted benchmark must not leave servers behind).
  process.on("disconnect", () => void onStop().then(() => process.exit(0)));
  send({ ready: info });
}
