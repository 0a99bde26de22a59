import { type LoadTarget, runLoad } from "../load.js";
import type { Figure, GoalCheck, SuiteOptions, SuiteReport } from "../report.js";
import { startChildServer } from "../servers/child.js";
import type { MockServerInfo } from "../servers/mock-process.js";
import { startPrism } from "../servers/prism.js";
import { round, summarize } from "../stats.js";
import { barChart } from "../svg-chart.js";

const SEARCH_BODY = JSON.stringify([
  { field: "status", operator: "IS", value: 2 },
  { field: "tags", operator: "IS_NOT", value: "False positive" },
  { field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] },
]);

/** The four requests a test suite sends most, against any server at `url`. */
function scenarios(url: string, info: MockServerInfo): Array<{ name: string; target: LoadTarget }> {
  const jwt = { authorization: `Bearer ${info.token}` };
  return [
    { name: "GET /api/api-keys/{id}", target: { url: `${url}/api/api-keys/${info.keyId}`, headers: jwt } },
    { name: "list page (size 20)", target: { url: `${url}/api/api-keys?page=0&size=20`, headers: jwt } },
    {
      name: "search, 3 filters",
      target: {
        url: `${url}/api/elasticsearch/search?page=1&size=25&top=1000&indexPattern=alert-*&sort=@timestamp,desc`,
        method: "POST",
        headers: { ...jwt, "content-type": "application/json" },
        body: SEARCH_BODY,
      },
    },
    {
      name: "API-key authenticated GET",
      target: {
        url: `${url}/api/api-keys/${info.keyId}`,
        headers: { authorization: `Bearer ${info.apiKey}` },
      },
    },
  ];
}

/** The standalone mock vs bare node:http (the floor) vs Prism on the same spec routes. */
export async function mockThroughputSuite({ quick, log }: SuiteOptions): Promise<SuiteReport> {
  const seconds = quick ? 2 : 8;
  const repeats = quick ? 1 : 3;
  const connections = 10;
  const mock = await startChildServer<MockServerInfo>(new URL("../servers/mock-process.ts", import.meta.url));
  const bare = await startChildServer<{ url: string }>(
    new URL("../servers/bare-process.ts", import.meta.url),
  );
  const prism = await startPrism();
  const figures: Figure[] = [];
  const goals: GoalCheck[] = [];
  try {
    const measure = async (label: string, target: LoadTarget) => {
      const runs = [];
      for (let run = 0; run < repeats; run++) runs.push(await runLoad(target, { seconds, connections }));
      const failed = runs.reduce((sum, result) => sum + result.non2xx + result.errors, 0);
      if (failed > 0) log(`  ${label}: ${failed} non-2xx or failed responses`);
      const rps = summarize(runs.map((result) => result.requestsPerSecond));
      const p99 = summarize(runs.map((result) => result.p99Ms));
      figures.push({ name: `${label} req/s`, unit: "req/s", summary: rps });
      figures.push({ name: `${label} p99`, unit: "ms", summary: p99 });
      log(`  ${label}: ${Math.round(rps.median)} req/s, p99 ${p99.median} ms`);
      return rps.median;
    };
    log("mock throughput: bare node:http floor");
    const floor = await measure("bare node:http", { url: `${bare.info.url}/` });
    for (const { name, target } of scenarios(mock.info.url, mock.info)) {
      log(`mock throughput: ${name}`);
      const ours = await measure(`mock ${name}`, target);
      const prismTarget = scenarios(prism.url, mock.info).find((scenario) => scenario.name === name)!.target;
      const theirs = await measure(`prism ${name}`, prismTarget);
      goals.push({
        goal: `${name}: ≥ 3× Prism`,
        measured: `${round(ours / theirs)}×`,
        met: ours >= 3 * theirs,
      });
      goals.push({
        goal: `${name}: ≥ 50% of bare node:http`,
        measured: `${round((100 * ours) / floor, 1)}%`,
        met: ours >= 0.5 * floor,
      });
    }
  } finally {
    await Promise.all([mock.close(), bare.close(), prism.close()]);
  }
  const rpsFigures = figures.filter((figure) => figure.unit === "req/s");
  return {
    id: "mock-throughput",
    title: `Mock server throughput (autocannon, ${connections} connections, ${seconds}s × ${repeats})`,
    figures,
    goals,
    charts: [
      {
        file: "mock-throughput.svg",
        title: "Requests per second: mock vs Prism vs bare node:http",
        svg: barChart(
          "Requests per second on loopback (median)",
          rpsFigures.map((figure) => ({
            label: figure.name.replace(" req/s", ""),
            value: figure.summary.median,
          })),
          "req/s",
        ),
      },
    ],
  };
}
