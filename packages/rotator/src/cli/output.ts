/**
 * Where the CLI writes. Stdout carries only the command's result (a table, a line, or with `--json`
 * exactly one JSON document), so a script can pipe it; logs, progress under `--json` and text-mode
 * errors go to stderr.
 */

/** The two streams of the CLI, one call per line or block of text. */
export interface CliStreams {
  /** The command's result (stdout). */
  readonly out: (text: string) => void;
  /** Everything else an operator may want to read: errors, and progress under `--json` (stderr). */
  readonly err: (text: string) => void;
}

/** What a process's streams look like to the CLI. */
export const processStreams: CliStreams = {
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  err: (text) => {
    process.stderr.write(`${text}\n`);
  },
};

/**
 * A failure a command observed and reports as such: with `--json` it becomes the one document on
 * stdout, `{"error":{"code","message",...details}}`; otherwise `message` goes to stderr. `code` is
 * stable (scripts branch on it); `message` is for people.
 */
export class CommandFailure extends Error {
  override name = "CommandFailure";

  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * The JSON error document. `code` and `message` come first and cannot be overridden by details.
 *
 * @example errorDocument("usage", "Unknown command \"x\".") // {"error":{"code":"usage","message":"Unknown command \"x\"."}}
 */
export function errorDocument(code: string, message: string, details: Record<string, unknown> = {}): string {
  const error: Record<string, unknown> = { code, message };
  for (const [field, value] of Object.entries(details)) if (!(field in error)) error[field] = value;
  return JSON.stringify({ error });
}
