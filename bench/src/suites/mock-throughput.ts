import { type LoadResult, type LoadTarget, runLoad } from "../load.js";
import type { Figure, GoalCheck, SuiteOptions, SuiteReport } from "../report.js";
import { startIpcChild } from "../servers/ipc-child.js";
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
  const seconds = quick ? 2 : 5;
  const repeats = quick ? 1 : 3;
  const connections = 10;
  const mock = await startIpcChild<MockServerInfo>(new URL("../servers/mock-process.ts", import.meta.url));
  const bare = await startIpcChild<{ url: string }>(new URL("../servers/bare-process.ts", import.meta.url));
  const prism = await startPrism();
  const figures: Figure[] = [];
  const goals: GoalCheck[] = [];
  try {
    const bareTarget: LoadTarget = { url: `${bare.info.url}/` };
    // Warm every server up (JIT, sockets) so the first measured scenario is not penalised.
    log("mock throughput: warming up");
    for (const target of [bareTarget, ...scenarios(mock.info.url, mock.info).map((s) => s.target)]) {
      await runLoad(target, { seconds: 1, connections });
    }
    await runLoad(scenarios(prism.url, mock.info)[0]!.target, { seconds: 1, connections });

    const record = (label: string, results: LoadResult[]) => {
      const failed = results.reduce((sum, result) => sum + result.non2xx + result.errors, 0);
      if (failed > 0) log(`  ${label}: ${failed} non-2xx or failed responses`);
      const rps = summarize(results.map((result) => result.requestsPerSecond));
      figures.push({ name: `${label} req/s`, unit: "req/s", summary: rps });
      figures.push({ name: `${label} p99`, unit: "ms", summary: summarize(results.map((r) => r.p99Ms)) });
      log(`  ${label}: ${Math.round(rps.median)} req/s`);
    };
    const bareRuns: LoadResult[] = [];
    for (const { name, target } of scenarios(mock.info.url, mock.info)) {
      log(`mock throughput: ${name}`);
      const prismTarget = scenarios(prism.url, mock.info).find((scenario) => scenario.name === name)!.target;
      const contenders: Array<[string, LoadTarget]> = [
        ["bare", bareTarget],
        ["mock", target],
        ["prism", prismTarget],
      ];
      const runs: Record<string, LoadResult[]> = { bare: [], mock: [], prism: [] };
      const vsBare: number[] = [];
      const vsPrism: number[] = [];
      // Bare, the mock and Prism in the same round, in a rotating order, so load on
      // the machine hits all alike; the ratios are taken per round.
      for (let pass = 0; pass < repeats; pass++) {
        const turn = pass % contenders.length;
        const order = [...contenders.slice(turn), ...contenders.slice(0, turn)];
        const got: Record<string, LoadResult> = {};
        for (const [who, t] of order) got[who] = await runLoad(t, { seconds, connections });
        for (const who of Object.keys(got)) runs[who]!.push(got[who]!);
        vsBare.push(got.mock!.requestsPerSecond / got.bare!.requestsPerSecond);
        vsPrism.push(got.mock!.requestsPerSecond / got.prism!.requestsPerSecond);
      }
      bareRuns.push(...runs.bare!);
      record(`mock ${name}`, runs.mock!);
      record(`prism ${name}`, runs.prism!);
      const bareShare = summarize(vsBare);
      const prismRatio = summarize(vsPrism);
      goals.push({
        goal: `${name}: ≥ 3× Prism`,
        measured: `${round(prismRatio.median)}×`,
        met: prismRatio.median >= 3,
      });
      goals.push({
        goal: `${name}: ≥ 50% of bare node:http`,
        measured: `${round(100 * bareShare.median, 1)}%`,
        met: bareShare.median >= 0.5,
      });
    }
    record("bare node:http", bareRuns);
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
