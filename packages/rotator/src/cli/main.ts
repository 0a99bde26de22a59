/**
 * The `keywarden-rotator` command line: parses arguments, loads the configuration (one clear line
 * per bad setting), dispatches to a command, and exits with its code. Stdout carries the result
 * only; with `--json` it is exactly one JSON document, an error document when the command failed.
 */
import { createRequire } from "node:module";
import { ConfigError } from "../config.js";
import { startOtlpTracing } from "../observability/otlp.js";
import { redactCredentials } from "../observability/redact.js";
import { parseInvocation, UsageError, wantsJson } from "./args.js";
import { cleanupCommand } from "./commands/cleanup.js";
import { historyCommand } from "./commands/history.js";
import { planCommand } from "./commands/plan.js";
import { rotateCommand } from "./commands/rotate.js";
import { runCommand } from "./commands/run.js";
import { scanCommand } from "./commands/scan.js";
import { statusCommand } from "./commands/status.js";
import { type CommandContext, createCommandContext } from "./context.js";
import { HELP } from "./help.js";
import { type CliStreams, CommandFailure, errorDocument, processStreams } from "./output.js";

/** This package's version, from its package.json (the same file in the sources and in dist/). */
const VERSION = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

/**
 * Runs the CLI with `argv` (without node and the script) and returns the exit code. `out` receives
 * the command's result (stdout), `err` errors and, under `--json`, progress (stderr).
 */
export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  out: (text: string) => void = processStreams.out,
  err: (text: string) => void = processStreams.err,
): Promise<number> {
  const streams: CliStreams = { out, err };
  const json = wantsJson(argv);
  const fail = (failure: CommandFailure): number => {
    if (json) out(errorDocument(failure.code, failure.message, { ...failure.details }));
    else err(failure.message);
    return failure.exitCode;
  };
  let invocation: ReturnType<typeof parseInvocation>;
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const hint = json ? "" : "\n\nRun keywarden-rotator --help for usage.";
    return fail(new CommandFailure("usage", `${error.message}${hint}`, {}, 2));
  }
  if (invocation.kind === "version") {
    out(
      invocation.json
        ? JSON.stringify({ name: "keywarden-rotator", version: VERSION })
        : `keywarden-rotator ${VERSION}`,
    );
    return 0;
  }
  if (invocation.kind === "help") {
    // Asked for, it is the result; printed because the command was missing, it is an error.
    (invocation.exitCode === 0 ? out : err)(HELP);
    return invocation.exitCode;
  }

  const { command } = invocation;
  let ctx: CommandContext;
  try {
    ctx = createCommandContext(env, {
      streams,
      json,
      logsTo: command === "run" || command === "worker" ? "stdout" : "stderr",
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(new CommandFailure("config", error.message, { problems: error.problems }, 2));
  }
  try {
    switch (command) {
      case "run":
      case "worker": {
        // Traces only from the long-running processes, and only when OTEL_EXPORTER_OTLP_* asks.
        const tracing = startOtlpTracing(env);
        try {
          return await runCommand(ctx, command, tracing?.queueTelemetry);
        } finally {
          await tracing?.shutdown(2_000);
        }
      }
      case "scan":
        return await scanCommand(ctx);
      case "plan":
        return await planCommand(ctx, { all: invocation.all });
      case "rotate":
        return await rotateCommand(ctx, invocation.key as string, { timeoutMs: invocation.timeoutMs });
      case "status":
        return await statusCommand(ctx);
      case "history":
        return await historyCommand(ctx, invocation.key as string);
      case "cleanup":
        return await cleanupCommand(ctx, {
          dryRun: invocation.dryRun,
          includeNeedsAttention: invocation.includeNeedsAttention,
        });
    }
  } catch (error) {
    if (error instanceof CommandFailure) return fail(error);
    const message = redactCredentials((error as Error).message);
    ctx.logger.error({ event: "command.failed", command, err: message }, "command failed");
    return fail(new CommandFailure("failed", `${command} failed: ${message}`));
  } finally {
    await ctx.close();
  }
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
  const argv = process.argv.slice(2);
  let code: number;
  try {
    code = await main(argv, process.env);
  } catch (error) {
    const message = redactCredentials(error instanceof Error ? error.message : String(error));
    if (wantsJson(argv)) processStreams.out(errorDocument("failed", message));
    processStreams.err(`keywarden-rotator: ${message}`);
    code = 1;
  }
  process.exitCode = code;
  // Give pino a moment to flush, then leave even if a client library still holds a socket.
  setTimeout(() => process.exit(code), 200);
}
