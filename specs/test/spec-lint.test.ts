import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { keywardenSpecPath } from "../tools/openapi-document.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const redocly = join(root, "node_modules/.bin/redocly");

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string; location: { pointer?: string }[] }[];
}

/** Runs `redocly lint` with the repository's redocly.yaml and returns its JSON report. */
async function lint(specPath: string): Promise<LintReport> {
  // redocly exits non-zero when it finds errors; the report on stdout is what we read either way.
  const output = await promisify(execFile)(redocly, ["lint", specPath, "--format", "json"], {
    cwd: root,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  return JSON.parse(output.stdout) as LintReport;
}

const summary = (report: LintReport) =>
  report.problems.map(
    (problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
  );

describe("redocly lint (recommended rules)", () => {
  it("passes on the spec with no error and no warning", async () => {
    const report = await lint(keywardenSpecPath);
    expect(summary(report)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("does fail on a broken copy (an operation without a summary, a dangling $ref)", async () => {
    const directory = await mkdtemp(join(tmpdir(), "keywarden-lint-"));
    try {
      const broken = (await readFile(keywardenSpecPath, "utf8"))
        .replace("      summary: Log in and obtain a JWT\n", "")
        .replace('$ref: "#/components/schemas/LoginRequest"', '$ref: "#/components/schemas/NoSuchSchema"');
      const copy = join(directory, "broken.openapi.yaml");
      await writeFile(copy, broken);
      const report = await lint(copy);
      expect(report.totals.errors).toBeGreaterThanOrEqual(2);
      expect(report.problems.map((problem) => problem.ruleId)).toEqual(
        expect.arrayContaining(["operation-summary", "no-unresolved-refs"]),
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
