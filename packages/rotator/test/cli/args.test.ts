import { describe, expect, it } from "vitest";
import { parseInvocation, UsageError, wantsJson } from "../../src/cli/args.js";
import { errorDocument } from "../../src/cli/output.js";

describe("the command line, parsed", () => {
  it("reads each command's options", () => {
    expect(parseInvocation(["rotate", "billing", "--json", "--timeout", "1m30s"])).toMatchObject({
      kind: "command",
      command: "rotate",
      key: "billing",
      json: true,
      timeoutMs: 90_000,
    });
    expect(parseInvocation(["plan", "--all"])).toMatchObject({ command: "plan", all: true, json: false });
    expect(parseInvocation(["cleanup", "--dry-run", "--include-needs-attention"])).toMatchObject({
      command: "cleanup",
      dryRun: true,
      includeNeedsAttention: true,
    });
    expect(parseInvocation(["--version", "--json"])).toEqual({ kind: "version", json: true });
    expect(parseInvocation([])).toEqual({ kind: "help", exitCode: 2 });
    expect(parseInvocation(["status", "--help"])).toEqual({ kind: "help", exitCode: 0 });
  });

  it("refuses an option the command does not take, naming the commands that do", () => {
    expect(() => parseInvocation(["run", "--json"])).toThrow(
      new UsageError(
        "--json does not apply to run; it applies to scan, plan, rotate, status, history, cleanup.",
      ),
    );
    expect(() => parseInvocation(["status", "--all"])).toThrow(
      "--all does not apply to status; it applies to plan.",
    );
    expect(() => parseInvocation(["plan", "--dry-run"])).toThrow("it applies to cleanup");
  });

  it("refuses a bad --timeout, stray arguments and unknown options", () => {
    expect(() => parseInvocation(["rotate", "billing", "--timeout", "30"])).toThrow(
      '--timeout needs a unit, e.g. "30s", "30m", "30h" or "30d" (got "30", which would be 30 milliseconds).',
    );
    expect(() => parseInvocation(["rotate", "billing", "--timeout", "soon"])).toThrow(
      '--timeout takes a duration such as 30s, 5m or 1h (got "soon").',
    );
    expect(() => parseInvocation(["rotate", "billing", "--timeout", "0s"])).toThrow("must be more than 0");
    expect(() => parseInvocation(["status", "extra"])).toThrow('status takes no arguments (got "extra").');
    expect(() => parseInvocation(["plan", "--frobnicate"])).toThrow(UsageError);
  });

  it("sees --json before parsing, but not after --", () => {
    expect(wantsJson(["plan", "--frobnicate", "--json"])).toBe(true);
    expect(wantsJson(["rotate", "--", "--json"])).toBe(false);
  });

  it("writes an error document whose code and message details cannot replace", () => {
    expect(JSON.parse(errorDocument("timeout", "gave up", { code: "x", state: "active" }))).toEqual({
      error: { code: "timeout", message: "gave up", state: "active" },
    });
  });
});
