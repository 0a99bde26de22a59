// Prints the one plain line CI reads, "N passed, N failed", from vitest's JSON report.
// Usage: node scripts/test-summary.mjs <report.json> [failed-check ...]
// Each extra argument names a check that failed besides the tests (lint, typecheck): it counts as
// one failure and is listed on its own line, so the summary never reads green when CI is red.
// Exits non-zero when the report is missing, when anything failed, or when no test ran.
import { readFileSync } from "node:fs";

const [file = ".vitest-results.json", ...failedChecks] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch {
  report = undefined;
  failedChecks.unshift("tests (no vitest report: the run did not finish)");
}
const passed = report?.numPassedTests ?? 0;
// A test file that fails to load holds no test results: count it as one failure.
const brokenFiles = (report?.testResults ?? []).filter(
  (entry) => entry.status === "failed" && (entry.assertionResults ?? []).length === 0,
).length;
const failed = (report?.numFailedTests ?? 0) + brokenFiles + failedChecks.length;
const skipped = (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0);
for (const check of failedChecks) console.log(`failed: ${check}`);
if (skipped > 0) console.log(`skipped: ${skipped}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
