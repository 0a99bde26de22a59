/**
 * Every metric the alert rules and the Grafana dashboard query is one the rotator exports: the
 * names are read from the rotator's real `/metrics` answer (its metrics registry served by its
 * health server, as `keywarden-rotator run` serves them), not from a list kept by hand.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startHealthServer } from "../../packages/rotator/src/observability/health.js";
import { createMetrics } from "../../packages/rotator/src/observability/metrics.js";

const deployFile = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

/** The names a query may use for each exported family (a histogram's series carry suffixes). */
function queryableNames(exposition: string): { families: Set<string>; names: Map<string, string> } {
  const families = new Set<string>();
  const names = new Map<string, string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, family = "", type] = match;
    families.add(family);
    const suffixes =
      type === "histogram"
        ? ["_bucket", "_sum", "_count"]
        : type === "summary"
          ? ["", "_sum", "_count"]
          : [""];
    for (const suffix of suffixes) names.set(`${family}${suffix}`, family);
  }
  return { families, names };
}

/** Metric names of the rotator (`keywarden_…`) in PromQL expressions; recording rules use `:`. */
const metricsIn = (exprs: string[]) =>
  new Set(exprs.flatMap((expr) => [...expr.matchAll(/\bkeywarden_[a-z0-9_]+/g)].map((match) => match[0])));

interface RuleFile {
  groups: { rules: { expr: string }[] }[];
}
interface Dashboard {
  panels: { targets?: { expr: string }[] }[];
}

const alertExprs = (parse(deployFile("prometheus/alerts.yml")) as RuleFile).groups.flatMap((group) =>
  group.rules.map((rule) => rule.expr),
);
const dashboardExprs = (JSON.parse(deployFile("grafana/keywarden-rotator.json")) as Dashboard).panels.flatMap(
  (panel) => (panel.targets ?? []).map((target) => target.expr),
);

describe("metric names in the alert rules and the dashboard", () => {
  let exported: ReturnType<typeof queryableNames>;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const metrics = createMetrics(async () => ({ waiting: 0, active: 0, failed: 0 }));
    const health = await startHealthServer({
      port: 0,
      host: "127.0.0.1",
      registry: metrics.registry,
      isReady: async () => true,
    });
    close = health.close;
    exported = queryableNames(await (await fetch(`http://127.0.0.1:${health.port}/metrics`)).text());
  });
  afterAll(() => close());

  it("the rotator's /metrics names the families to check against", () => {
    expect(exported.families.size).toBeGreaterThanOrEqual(8);
  });

  it("the alert rules use only exported metrics", () => {
    const used = metricsIn(alertExprs);
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((name) => !exported.names.has(name))).toEqual([]);
  });

  it("the dashboard uses only exported metrics", () => {
    const used = metricsIn(dashboardExprs);
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((name) => !exported.names.has(name))).toEqual([]);
  });

  it("the dashboard shows every exported family", () => {
    const shown = new Set([...metricsIn(dashboardExprs)].map((name) => exported.names.get(name)));
    expect([...exported.families].filter((family) => !shown.has(family))).toEqual([]);
  });
});
