import { describe, expect, it } from "vitest";
import { type Filter, parseFilters } from "../../src/search/operators.js";
import { runSearch } from "../../src/search/search.js";

const NOW = Date.parse("2026-03-15T12:34:56.789Z");
const DAY = 86_400_000;

function search(documents: readonly unknown[], ...filters: Filter[]) {
  return runSearch(documents, {
    filters: parseFilters(filters),
    sort: [{ property: "@timestamp", direction: "desc" }],
    page: 1,
    size: 10,
    top: 10_000,
    now: NOW,
  });
}

function alerts(): Array<Record<string, unknown>> {
  return [
    { id: "a", "@timestamp": new Date(NOW - DAY).toISOString(), destination: { city: "Tokyo" } },
    { id: "b", "@timestamp": new Date(NOW - 2 * DAY).toISOString(), destination: { city: "Ashburn" } },
  ];
}

const ids = (result: { hits: unknown[] }) => result.hits.map((hit) => (hit as { id: string }).id);

// Tests edit documents of the store in place between searches: nothing may remember a document.
describe("a document edited in place is searched as it is now", () => {
  it("by the all-fields search, for a changed, an added and a removed value", () => {
    const documents = alerts();
    const inFields: Filter = { field: "", operator: "IS_IN_FIELDS", value: "delhi" };
    expect(ids(search(documents, inFields))).toEqual([]);
    (documents[1]!.destination as Record<string, unknown>).city = "New Delhi";
    expect(ids(search(documents, inFields))).toEqual(["b"]);
    documents[0]!.notes = ["seen in DELHI"];
    expect(ids(search(documents, inFields))).toEqual(["a", "b"]);
    delete documents[1]!.destination;
    expect(ids(search(documents, inFields))).toEqual(["a"]);
    expect(ids(search(documents, { ...inFields, operator: "IS_NOT_IN_FIELDS" }))).toEqual(["b"]);
  });

  it("by range filters and by the sort, for a changed timestamp", () => {
    const documents = alerts();
    const lastDay: Filter = { field: "@timestamp", operator: "IS_BETWEEN", value: ["now-36h", "now"] };
    expect(ids(search(documents, lastDay))).toEqual(["a"]);
    documents[1]!["@timestamp"] = new Date(NOW - 3_600_000).toISOString();
    expect(ids(search(documents, lastDay))).toEqual(["b", "a"]);
    expect(
      ids(search(documents, { field: "@timestamp", operator: "IS_GREATER_THAN", value: "now-2h" })),
    ).toEqual(["b"]);
  });
});
