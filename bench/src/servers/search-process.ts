// Child-process entry: times the mock's search engine, one query per operator, over generated
// alerts (started with startIpcChild by the search suite). In a process of its own, because run after
// the other suites in the bench's process the same queries took up to 3.5x longer (its heap and JIT
// state, not the search, made the difference).
import { generateAlerts } from "../../../packages/mock-server/src/search/alerts.js";
import { parseFilters } from "../../../packages/mock-server/src/search/operators.js";
import { runSearch } from "../../../packages/mock-server/src/search/search.js";
import { type IpcCommand, serveCommands } from "./ipc-child.js";

/** One query per operator, shaped like what a test suite sends. */
const QUERIES: Array<[string, unknown]> = [
  ["IS", { field: "status", operator: "IS", value: 2 }],
  ["IS_NOT", { field: "tags", operator: "IS_NOT", value: "False positive" }],
  ["CONTAIN", { field: "user", operator: "CONTAIN", value: "admin" }],
  ["CONTAIN_ONE_OF", { field: "destination.country", operator: "CONTAIN_ONE_OF", value: ["India", "Spain"] }],
  [
    "DOES_NOT_CONTAIN_ONE_OF",
    { field: "destination.country", operator: "DOES_NOT_CONTAIN_ONE_OF", value: ["India"] },
  ],
  ["DOES_NOT_CONTAIN", { field: "user", operator: "DOES_NOT_CONTAIN", value: "admin" }],
  ["IS_ONE_OF", { field: "severity", operator: "IS_ONE_OF", value: [2, 3] }],
  ["IS_NOT_ONE_OF", { field: "severity", operator: "IS_NOT_ONE_OF", value: [1] }],
  ["IS_ONE_OF_TERMS", { field: "severityLabel", operator: "IS_ONE_OF_TERMS", value: ["High", "Medium"] }],
  ["IS_ONE_OF_TERMS_OR", { field: "severityLabel", operator: "IS_ONE_OF_TERMS_OR", value: ["High"] }],
  ["EXIST", { field: "user", operator: "EXIST" }],
  ["DOES_NOT_EXIST", { field: "notes", operator: "DOES_NOT_EXIST" }],
  ["IS_BETWEEN", { field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] }],
  ["IS_NOT_BETWEEN", { field: "port", operator: "IS_NOT_BETWEEN", value: [0, 1024] }],
  ["IS_IN_FIELDS", { field: "", operator: "IS_IN_FIELDS", value: "Delhi" }],
  ["IS_NOT_IN_FIELDS", { field: "", operator: "IS_NOT_IN_FIELDS", value: "Delhi" }],
  ["ENDS_WITH", { field: "user", operator: "ENDS_WITH", value: "tor" }],
  ["NOT_ENDS_WITH", { field: "user", operator: "NOT_ENDS_WITH", value: "tor" }],
  ["START_WITH", { field: "destination.city", operator: "START_WITH", value: "New" }],
  ["NOT_START_WITH", { field: "destination.city", operator: "NOT_START_WITH", value: "New" }],
  ["IS_GREATER_THAN", { field: "@timestamp", operator: "IS_GREATER_THAN", value: "now-1d" }],
  ["IS_LESS_THAN_OR_EQUALS", { field: "severity", operator: "IS_LESS_THAN_OR_EQUALS", value: 2 }],
];

/** Milliseconds per query of each operator, `repeats` times, over `count` documents. */
function timeOperators(count: number, repeats: number): Array<{ operator: string; times: number[] }> {
  const now = Date.now();
  const documents = generateAlerts(count, 42, now);
  return QUERIES.map(([operator, filter]) => {
    const query = {
      filters: parseFilters([filter]),
      sort: [{ property: "@timestamp", direction: "desc" as const }],
      page: 1,
      size: 25,
      top: 10_000,
      now,
    };
    // one untimed run first, as the other suites warm up: a first run of an operator's code path is
    // mostly compilation (2-4x the later ones), which a test suite pays once, not per query
    runSearch(documents, query);
    const times = Array.from({ length: repeats }, () => {
      const started = performance.now();
      runSearch(documents, query);
      return performance.now() - started;
    });
    return { operator, times };
  });
}

serveCommands(
  {},
  (command: IpcCommand) => {
    if (command.type !== "time") throw new Error(`search-process: unknown command ${command.type}`);
    return timeOperators(Number(command.count), Number(command.repeats));
  },
  async () => undefined,
);
