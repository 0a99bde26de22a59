/**
 * The command line, parsed: which command, its key, and the options it takes. Pure, so every usage
 * rule is tested without a process.
 */
import { parseArgs } from "node:util";
import { isUnitless, unitlessMessage } from "../config/schema.js";
import { parseDuration } from "../duration.js";

/** Every command, in the order `--help` and the unknown-command message list them. */
export const COMMANDS = [
  "run",
  "worker",
  "scan",
  "plan",
  "rotate",
  "status",
  "history",
  "cleanup",
  "help",
] as const;

/** One of the CLI's commands. */
export type Command = (typeof COMMANDS)[number];

/**
 * The options each command takes, beside `--help` and `--version`. An option given to a command
 * that ignores it is refused rather than silently dropped: `run --json` would otherwise look like it
 * changed something.
 */
const OPTIONS_OF: Record<Command, readonly string[]> = {
  run: [],
  worker: [],
  scan: ["json"],
  plan: ["json", "all"],
  rotate: ["json", "timeout"],
  status: ["json"],
  history: ["json"],
  cleanup: ["json", "dry-run", "include-needs-attention"],
  help: [],
};

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: "help"; readonly exitCode: 0 | 2 }
  | { readonly kind: "version"; readonly json: boolean }
  | {
      readonly kind: "command";
      readonly command: Exclude<Command, "help">;
      readonly json: boolean;
      /** `rotate`, `history`: the key's id or name. */
      readonly key?: string;
      /** `plan --all`: retired keys too. */
      readonly all: boolean;
      /** `cleanup --dry-run`. */
      readonly dryRun: boolean;
      /** `cleanup --include-needs-attention`. */
      readonly includeNeedsAttention: boolean;
      /** `rotate --timeout`, in ms. */
      readonly timeoutMs?: number;
    };

/** The command line is wrong; the message says how (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Whether `--json` was asked for, read before parsing: a command line that does not parse still
 * owes a script its JSON error document.
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

/**
 * Parses `argv` (without node and the script).
 *
 * @throws UsageError naming what is wrong.
 * @example parseInvocation(["rotate", "billing", "--timeout", "5m"]) // { kind: "command", command: "rotate", key: "billing", timeoutMs: 300000, ... }
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  let parsed: ReturnType<typeof parseRaw>;
  try {
    parsed = parseRaw(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const json = values.json === true;
  if (values.version) return { kind: "version", json };
  const [command, ...rest] = positionals;
  if (values.help || command === "help") return { kind: "help", exitCode: 0 };
  if (command === undefined) return { kind: "help", exitCode: 2 };
  if (!isCommand(command)) {
    throw new UsageError(`Unknown command "${command}". Commands: ${COMMANDS.join(", ")}.`);
  }
  if (command === "help") return { kind: "help", exitCode: 0 };
  for (const option of Object.keys(values)) {
    if (OPTIONS_OF[command].includes(option)) continue;
    const takers = COMMANDS.filter((name) => OPTIONS_OF[name].includes(option));
    throw new UsageError(`--${option} does not apply to ${command}; it applies to ${takers.join(", ")}.`);
  }
  if (command === "rotate" && rest.length !== 1) {
    throw new UsageError("Usage: keywarden-rotator rotate <key id or name> [--json] [--timeout <duration>]");
  }
  if (command === "history" && rest.length !== 1) {
    throw new UsageError("Usage: keywarden-rotator history <key id or name> [--json]");
  }
  if (command !== "rotate" && command !== "history" && rest.length > 0) {
    throw new UsageError(`${command} takes no arguments (got "${rest.join(" ")}").`);
  }
  return {
    kind: "command",
    command,
    json,
    ...(command === "rotate" || command === "history" ? { key: rest[0] as string } : {}),
    all: values.all === true,
    dryRun: values["dry-run"] === true,
    includeNeedsAttention: values["include-needs-attention"] === true,
    ...(values.timeout !== undefined ? { timeoutMs: parseTimeout(values.timeout) } : {}),
  };
}

function isCommand(name: string): name is Command {
  return (COMMANDS as readonly string[]).includes(name);
}

function parseTimeout(text: string): number {
  if (isUnitless(text)) throw new UsageError(`${unitlessMessage("--timeout", text)}.`);
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    throw new UsageError(`--timeout takes a duration such as 30s, 5m or 1h (got "${text}").`);
  }
  if (ms <= 0) throw new UsageError(`--timeout must be more than 0 (got "${text}").`);
  return ms;
}

function parseRaw(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
      json: { type: "boolean" },
      all: { type: "boolean" },
      "dry-run": { type: "boolean" },
      "include-needs-attention": { type: "boolean" },
      timeout: { type: "string" },
    },
  });
}
