import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/observability/logger.js";
import { observeRotations } from "../../src/observability/rotation-observer.js";

/** The observer over a logger at `level`, and the parsed lines it writes. */
function observerAt(level: "info" | "debug") {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return { observer: observeRotations(logger), lines, flush: () => logger.flush() };
}

const job = { id: "rotate:7:1", data: { keyId: "7", name: "billing", expiresAt: 1 } };
const step = (name: "create" | "store", outcome: "done" | "failed") => ({
  step: name,
  keyId: "7",
  name: "billing",
  durationMs: 3,
  outcome,
  attempt: 1,
  jobId: job.id,
});

function rotate(observer: ReturnType<typeof observeRotations>) {
  observer.step?.(step("create", "done"));
  observer.step?.(step("store", "failed"));
  observer.step?.(step("store", "done"));
  observer.finished?.(job, {
    kind: "rotated",
    successorId: "8",
    vaultPath: "secret/billing",
    vaultVersion: 2,
    verifiedBy: "api",
  });
}

describe("rotation log lines", () => {
  it("at info: one line per rotation, plus a warning for each failed step", () => {
    const { observer, lines, flush } = observerAt("info");
    rotate(observer);
    flush();
    expect(lines.map((line) => [line.event, line.step ?? line.kind])).toEqual([
      ["rotation.step", "store"],
      ["rotation.finished", "rotated"],
    ]);
    expect(lines[0]).toMatchObject({ level: 40, outcome: "failed" });
  });

  it("at debug: one line per step too", () => {
    const { observer, lines, flush } = observerAt("debug");
    rotate(observer);
    flush();
    expect(lines.map((line) => line.event)).toEqual([
      "rotation.step",
      "rotation.step",
      "rotation.step",
      "rotation.finished",
    ]);
  });
});
