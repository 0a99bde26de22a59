/**
 * The Prometheus files of the deployment recipe, checked by Prometheus's own tool: `promtool check
 * rules`, `promtool test rules` (the unit tests in prometheus/alerts.test.yml) and `promtool check
 * config`. Skipped, with a warning, where promtool is not installed; `.ci/run` installs it (Debian's
 * `prometheus` package), so CI always runs them.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const prometheusDir = fileURLToPath(new URL("../prometheus/", import.meta.url));
const hasPromtool = spawnSync("promtool", ["--version"]).status === 0;
if (!hasPromtool) {
  console.warn(
    "deploy promtool tests skipped: `promtool` is not on PATH (Debian: `apt-get install prometheus`; .ci/run installs it)",
  );
}

function promtool(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync("promtool", args, { cwd: prometheusDir, encoding: "utf8", timeout: 15_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface RuleFile {
  groups: { rules: { alert?: string; record?: string }[] }[];
}
interface RuleTestFile {
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

const alertNames = (parse(readFileSync(`${prometheusDir}alerts.yml`, "utf8")) as RuleFile).groups
  .flatMap((group) => group.rules)
  .flatMap((rule) => (rule.alert ? [rule.alert] : []));

describe("alert rules", () => {
  it("cover the alerts the rotator's README recommends, and more", () => {
    expect(alertNames).toEqual(
      expect.arrayContaining([
        "KeywardenRotationsNeedAttention",
        "KeywardenExpiredKeyNeedsAttention",
        "KeywardenScanStale",
        "KeywardenKeysDueGrowing",
        "KeywardenRedisDown",
      ]),
    );
  });

  it("each have a unit test in which they fire", () => {
    const tests = parse(readFileSync(`${prometheusDir}alerts.test.yml`, "utf8")) as RuleTestFile;
    const fired = new Set(
      tests.tests
        .flatMap((test) => test.alert_rule_test ?? [])
        .filter((check) => (check.exp_alerts ?? []).length > 0)
        .map((check) => check.alertname),
    );
    expect(alertNames.filter((name) => !fired.has(name))).toEqual([]);
  });
});

describe.skipIf(!hasPromtool)("promtool", () => {
  it("check rules: alerts.yml is valid", () => {
    const { status, output } = promtool("check", "rules", "alerts.yml");
    expect(output).toContain(`SUCCESS: ${alertNames.length} rules found`);
    expect(status).toBe(0);
  });

  it("test rules: the unit tests in alerts.test.yml pass", () => {
    const { status, output } = promtool("test", "rules", "alerts.test.yml");
    expect(output).toContain("SUCCESS");
    expect(output).not.toContain("FAILED");
    expect(status, output).toBe(0);
  });

  it("check config: the compose demo's prometheus.yml (and the rules it loads) is valid", () => {
    const { status, output } = promtool("check", "config", "prometheus.yml");
    expect(status, output).toBe(0);
  });
});
