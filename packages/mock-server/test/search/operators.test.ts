import { describe, expect, it } from "vitest";
import { resolveDateMath } from "../../src/search/date-math.js";
import { valuesAt } from "../../src/search/field-path.js";
import { compileFilters } from "../../src/search/filter-matching.js";
import { type Filter, InvalidFilterError, OPERATORS, parseFilters } from "../../src/search/operators.js";

const NOW = Date.parse("2026-03-15T12:34:56.789Z");
const DAY = 86_400_000;

const docs = [
  {
    id: "a",
    "@timestamp": new Date(NOW - 2 * DAY).toISOString(),
    name: "Multiple failed login attempts",
    severity: 3,
    status: 2,
    tags: ["False positive", "VIP"],
    user: "Administrator",
    destination: { ip: "122.176.80.250", country: "India", city: "New Delhi" },
  },
  {
    id: "b",
    "@timestamp": new Date(NOW - 10 * DAY).toISOString(),
    name: "Port scan detected",
    severity: 1,
    status: 5,
    tags: ["Investigating"],
    user: "jdoe",
    destination: [
      { ip: "3.80.12.7", country: "United States" },
      { ip: "10.0.0.1", country: "Local" },
    ],
  },
  {
    id: "c",
    "@timestamp": new Date(NOW - 40 * DAY).toISOString(),
    name: "Malware signature match",
    severity: 2,
    status: 2,
    tags: [],
    destination: { ip: "52.68.96.58", country: "Japan" },
  },
];

function ids(...filters: Filter[]): string[] {
  const test = compileFilters(parseFilters(filters), NOW);
  return docs.filter(test).map((doc) => doc.id);
}

describe("the 22 operators, with UTMStack's meaning", () => {
  it("knows exactly the 22 operators in declaration order", () => {
    expect(OPERATORS).toHaveLength(22);
    expect(OPERATORS[0]).toBe("IS");
    expect(OPERATORS[21]).toBe("IS_LESS_THAN_OR_EQUALS");
  });

  it("IS / IS_NOT match a phrase, numbers by their string form", () => {
    expect(ids({ field: "status", operator: "IS", value: 2 })).toEqual(["a", "c"]);
    expect(ids({ field: "status", operator: "IS", value: "2" })).toEqual(["a", "c"]);
    expect(ids({ field: "name", operator: "IS", value: "failed login" })).toEqual(["a"]);
    expect(ids({ field: "name", operator: "IS", value: "login failed" })).toEqual([]);
    expect(ids({ field: "tags", operator: "IS_NOT", value: "False positive" })).toEqual(["b", "c"]);
  });

  it("IS on a .keyword sub-field is an exact, case-sensitive match", () => {
    expect(ids({ field: "user.keyword", operator: "IS", value: "Administrator" })).toEqual(["a"]);
    expect(ids({ field: "user.keyword", operator: "IS", value: "administrator" })).toEqual([]);
  });

  it("CONTAIN / DOES_NOT_CONTAIN look for a substring, case-insensitively", () => {
    expect(ids({ field: "name", operator: "CONTAIN", value: "SCAN" })).toEqual(["b"]);
    expect(ids({ field: "name", operator: "DOES_NOT_CONTAIN", value: "scan" })).toEqual(["a", "c"]);
  });

  it("CONTAIN_ONE_OF / DOES_NOT_CONTAIN_ONE_OF match any / none of the phrases", () => {
    expect(ids({ field: "tags", operator: "CONTAIN_ONE_OF", value: ["VIP", "Investigating"] })).toEqual([
      "a",
      "b",
    ]);
    expect(
      ids({ field: "tags", operator: "DOES_NOT_CONTAIN_ONE_OF", value: ["VIP", "Investigating"] }),
    ).toEqual(["c"]);
  });

  it("IS_ONE_OF / IS_NOT_ONE_OF match one / none of the values", () => {
    expect(ids({ field: "severity", operator: "IS_ONE_OF", value: [1, 3] })).toEqual(["a", "b"]);
    expect(ids({ field: "severity", operator: "IS_NOT_ONE_OF", value: [1, 3] })).toEqual(["c"]);
  });

  it("IS_ONE_OF_TERMS matches exact terms; several IS_ONE_OF_TERMS_OR filters OR together", () => {
    expect(ids({ field: "user", operator: "IS_ONE_OF_TERMS", value: ["jdoe", "root"] })).toEqual(["b"]);
    expect(ids({ field: "user", operator: "IS_ONE_OF_TERMS", value: ["JDOE"] })).toEqual([]);
    expect(
      ids(
        { field: "user", operator: "IS_ONE_OF_TERMS_OR", value: ["jdoe"] },
        { field: "destination.country", operator: "IS_ONE_OF_TERMS_OR", value: ["Japan"] },
      ),
    ).toEqual(["b", "c"]);
    expect(
      ids(
        { field: "user", operator: "IS_ONE_OF_TERMS_OR", value: ["jdoe"] },
        { field: "status", operator: "IS", value: 2 },
      ),
    ).toEqual([]);
  });

  it("EXIST / DOES_NOT_EXIST test presence (empty arrays count as absent)", () => {
    expect(ids({ field: "user", operator: "EXIST" })).toEqual(["a", "b"]);
    expect(ids({ field: "tags", operator: "DOES_NOT_EXIST" })).toEqual(["c"]);
  });

  it("IS_BETWEEN / IS_NOT_BETWEEN are inclusive ranges, on numbers and on dates with date math", () => {
    expect(ids({ field: "severity", operator: "IS_BETWEEN", value: [2, 3] })).toEqual(["a", "c"]);
    expect(ids({ field: "severity", operator: "IS_NOT_BETWEEN", value: [2, 3] })).toEqual(["b"]);
    expect(ids({ field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] })).toEqual(["a"]);
    expect(ids({ field: "@timestamp", operator: "IS_BETWEEN", value: ["now-30d/d", "now/d"] })).toEqual([
      "a",
      "b",
    ]);
    expect(ids({ field: "@timestamp", operator: "IS_NOT_BETWEEN", value: ["now-7d", "now"] })).toEqual([
      "b",
      "c",
    ]);
  });

  it("IS_IN_FIELDS / IS_NOT_IN_FIELDS search every field", () => {
    expect(ids({ operator: "IS_IN_FIELDS", value: "new delhi" })).toEqual(["a"]);
    expect(ids({ operator: "IS_NOT_IN_FIELDS", value: "10.0.0" })).toEqual(["a", "c"]);
  });

  it("START_WITH / ENDS_WITH and their negations test the value's ends", () => {
    expect(ids({ field: "destination.ip", operator: "START_WITH", value: "10." })).toEqual(["b"]);
    expect(ids({ field: "destination.ip", operator: "NOT_START_WITH", value: "10." })).toEqual(["a", "c"]);
    expect(ids({ field: "name", operator: "ENDS_WITH", value: "match" })).toEqual(["c"]);
    expect(ids({ field: "name", operator: "NOT_ENDS_WITH", value: "match" })).toEqual(["a", "b"]);
  });

  it("IS_GREATER_THAN is strict, IS_LESS_THAN_OR_EQUALS inclusive", () => {
    expect(ids({ field: "severity", operator: "IS_GREATER_THAN", value: 2 })).toEqual(["a"]);
    expect(ids({ field: "severity", operator: "IS_LESS_THAN_OR_EQUALS", value: 2 })).toEqual(["b", "c"]);
    expect(ids({ field: "@timestamp", operator: "IS_GREATER_THAN", value: "now-14d" })).toEqual(["a", "b"]);
  });

  it("combines the seed's three filters with AND", () => {
    expect(
      ids(
        { field: "status", operator: "IS", value: 2 },
        { field: "tags", operator: "IS_NOT", value: "False positive" },
        { field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] },
      ),
    ).toEqual([]);
  });
});

describe("malformed filters are refused with a clear message", () => {
  it.each([
    ["not an array", { field: "x" }, "The body must be a JSON array of filters"],
    ["unknown operator", [{ field: "x", operator: "LIKE", value: 1 }], 'Filter 0: unknown operator "LIKE"'],
    ["lower-case operator", [{ field: "x", operator: "is", value: 1 }], 'Filter 0: unknown operator "is"'],
    ["missing value", [{ field: "status", operator: "IS" }], "Filter 0 (IS): Filter value is missing"],
    ["missing field", [{ operator: "EXIST" }], "Filter 0 (EXIST): Filter field is missing"],
    [
      "scalar for a list",
      [{ field: "x", operator: "IS_ONE_OF", value: 3 }],
      "Filter 0 (IS_ONE_OF): value must be a list",
    ],
    [
      "one bound",
      [{ field: "x", operator: "IS_BETWEEN", value: ["now"] }],
      "Filter 0 (IS_BETWEEN): value must be a list of two bounds",
    ],
    [
      "object value",
      [{ field: "x", operator: "IS", value: { a: 1 } }],
      "Filter 0 (IS): value must be a string, number, boolean or a list of those",
    ],
    ["not an object", [3], "Filter 0: must be an object"],
  ])("%s", (_name, body, message) => {
    expect(() => parseFilters(body)).toThrow(InvalidFilterError);
    expect(() => parseFilters(body)).toThrow(message);
  });

  it("accepts no body as no filter", () => {
    expect(parseFilters(undefined)).toEqual([]);
    expect(parseFilters(null)).toEqual([]);
  });
});

describe("date math", () => {
  it("resolves now, offsets and rounding, rounding up for upper bounds", () => {
    expect(resolveDateMath("now", NOW)).toBe(NOW);
    expect(resolveDateMath("now-7d", NOW)).toBe(NOW - 7 * DAY);
    expect(resolveDateMath("now+1h", NOW)).toBe(NOW + 3_600_000);
    expect(resolveDateMath("now/d", NOW)).toBe(Date.parse("2026-03-15T00:00:00Z"));
    expect(resolveDateMath("now/d", NOW, true)).toBe(Date.parse("2026-03-15T23:59:59.999Z"));
    expect(resolveDateMath("now-1M/M", NOW)).toBe(Date.parse("2026-02-01T00:00:00Z"));
    expect(resolveDateMath("now/w", NOW)).toBe(Date.parse("2026-03-09T00:00:00Z"));
    expect(resolveDateMath("2026-01-01||+1d", NOW)).toBe(Date.parse("2026-01-02T00:00:00Z"));
    expect(resolveDateMath("2026-01-01T10:00:00Z", NOW)).toBe(Date.parse("2026-01-01T10:00:00Z"));
  });

  it("returns undefined for text that is not a date", () => {
    expect(resolveDateMath("yesterday", NOW)).toBeUndefined();
    expect(resolveDateMath("now-7x", NOW)).toBeUndefined();
  });
});

describe("dotted field paths", () => {
  it("read nested objects, arrays of objects and literal dotted keys", () => {
    expect(valuesAt({ a: { b: 1 } }, "a.b")).toEqual([1]);
    expect(valuesAt({ a: [{ b: 1 }, { b: [2, 3] }] }, "a.b")).toEqual([1, 2, 3]);
    expect(valuesAt({ "a.b": 4 }, "a.b")).toEqual([4]);
    expect(valuesAt({ "@timestamp": "t" }, "@timestamp")).toEqual(["t"]);
    expect(valuesAt({ a: null }, "a")).toEqual([]);
  });
});
