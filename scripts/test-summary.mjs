// Prints the one plain line CI reads, "N passed, N failed", from vitest's JSON report.
// Exits non-zero when the report is missing, when a test failed, or when no test ran.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".vitest-results.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch {
  console.log("0 passed, 1 failed");
  console.error(`no vitest report at ${file}: the test run did not finish`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A suite that fails to load counts as a failure even though it holds no test results.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === "failed" && (file.assertionResults ?? []).length === 0,
).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
