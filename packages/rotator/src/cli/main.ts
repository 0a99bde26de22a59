/**
 * The `keywarden-rotator` command line: parses arguments, loads the configuration (one clear line
 * per bad setting), dispatches to a command, and exits with its code.
 */
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { ConfigError } from "../config.js";
import { redactCredentials } from "../observability/redact.js";
import { planCommand } from "./commands/plan.js";
import { rotateCommand } from "./commands/rotate.js";
import { runCommand } from "./commands/run.js";
import { scanCommand } from "./commands/scan.js";
import { statusCommand } from "./commands/status.js";
import { createCommandContext } from "./context.js";
import { HELP } from "./help.js";

const COMMANDS = ["run", "worker", "scan", "plan", "rotate", "status", "help"] as const;

/** This package's version, from its package.json (the same file in the sources and in dist/). */
const VERSION = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  out: (text: string) => void = (text) => {
    process.stdout.write(`${text}\n`);
  },
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    out(`${(error as Error).message}\n\nRun keywarden-rotator --help for usage.`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.version) {
    out(`keywarden-rotator ${VERSION}`);
    return 0;
  }
  if (parsed.values.help || command === undefined || command === "help") {
    out(HELP);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    out(
      `Unknown command "${command}". Commands: ${COMMANDS.join(", ")}.\n\nRun keywarden-rotator --help for usage.`,
    );
    return 2;
  }
  if (command === "rotate" && rest.length !== 1) {
    out("Usage: keywarden-rotator rotate <key id or name>");
    return 2;
  }

  let ctx: ReturnType<typeof createCommandContext>;
  try {
    ctx = createCommandContext(env, out);
  } catch (error) {
    if (error instanceof ConfigError) {
      out(error.message);
      return 2;
    }
    throw error;
  }
  const json = parsed.values.json === true;
  try {
    switch (command) {
      case "run":
      case "worker":
        return await runCommand(ctx, command);
      case "scan":
        return await scanCommand(ctx, { json });
      case "plan":
        return await planCommand(ctx, { json });
      case "rotate":
        return await rotateCommand(ctx, rest[0] as string);
      case "status":
        return await statusCommand(ctx, { json });
      default:
        return 2;
    }
  } catch (error) {
    const message = redactCredentials((error as Error).message);
    ctx.logger.error({ event: "command.failed", command, err: message }, "command failed");
    out(`${command} failed: ${message}`);
    return 1;
  } finally {
    await ctx.close();
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
      json: { type: "boolean" },
    },
  });
}

/**
 * Runs the CLI for this process (`process.argv`, `process.env`) and exits with its code. The bin
 * shim calls this.
 */
export async function runCli(): Promise<void> {
  // `keywarden-rotator status | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
  });
  let code: number;
  try {
    code = await main(process.argv.slice(2), process.env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`keywarden-rotator: ${redactCredentials(message)}\n`);
    code = 1;
  }
  process.exitCode = code;
  // Give pino a moment to flush, then leave even if a client library still holds a socket.
  setTimeout(() => process.exit(code), 200);
}
