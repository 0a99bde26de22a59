import { OPERATOR_OPERANDS } from "@keywarden/rules";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SortOrder } from "../../src/http/pageable.js";
import { generateAlerts } from "../../src/search/alerts.js";
import { type Filter, OPERATORS, type Operator, parseFilters } from "../../src/search/operators.js";
import { runSearch, type SearchQuery } from "../../src/search/search.js";
import { referenceSearch } from "../search/reference-search.js";

const NOW = Date.parse("2026-03-15T12:34:56.789Z");

// Texts chosen to reach the corners: tokens, case (incl. non-ASCII case mappings), numeric text,
// dates and date math, empty strings.
const TEXTS = [
  "Delhi",
  "new delhi",
  "New Delhi",
  "İstanbul",
  "KELVIN \u212a",
  "São Paulo",
  "10.0.0.1",
  "2026-03-14T08:00:00.000Z",
  "2026-03-01",
  "2026-02-30T00:00:00Z",
  "now",
  "now-7d",
  "now/d",
  "now-1M/M",
  "2026-03-01||+1d",
  "",
  " ",
  "5",
  "-3.5",
  "1e3",
  "Infinity",
  "nan",
  "true",
  "admin",
  "Administrator",
  "e-7",
  "E+21",
];
const text = fc.oneof(fc.constantFrom(...TEXTS), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(
  text,
  fc.integer({ min: -5, max: 2000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e4, max: 1e4 }),
  fc.boolean(),
  fc.constantFrom(1e-7, 1.5e21, -0),
);

/** Small JSON-like documents: nested objects, arrays of objects, literal dotted keys, nulls, mixed types. */
const leaf = fc.oneof(scalar, fc.constant(null), fc.array(scalar, { maxLength: 3 }));
const document = fc.record(
  {
    a: fc.oneof(leaf, fc.record({ b: leaf, c: leaf }, { requiredKeys: [], noNullPrototype: true })),
    "a.b": leaf,
    b: fc.oneof(
      leaf,
      fc.array(fc.record({ c: leaf, d: leaf }, { requiredKeys: [], noNullPrototype: true }), {
        maxLength: 3,
      }),
    ),
    "@timestamp": fc.oneof(
      fc
        .integer({ min: NOW - 40 * 86_400_000, max: NOW + 86_400_000 })
        .map((ms) => new Date(ms).toISOString()),
      leaf,
    ),
  },
  { requiredKeys: [], noNullPrototype: true },
);
const FIELDS = [
  "a",
  "a.b",
  "a.c",
  "a.b.keyword",
  "b",
  "b.c",
  "b.d.keyword",
  "@timestamp",
  "missing",
  "constructor",
];

// The ONE_OF family, as the spec's FilterType says (BETWEEN's pairs are lists too, drawn apart).
const LISTS = new Set<Operator>(OPERATORS.filter((operator) => OPERATOR_OPERANDS[operator].value === "list"));

function readable(filter: unknown): boolean {
  try {
    parseFilters([filter]);
    return true;
  } catch {
    return false;
  }
}

function filterOn(fields: readonly string[]): fc.Arbitrary<Filter> {
  return fc
    .record({ operator: fc.constantFrom(...OPERATORS), field: fc.constantFrom(...fields) })
    .chain(({ operator, field }) => {
      const value: fc.Arbitrary<unknown> = LISTS.has(operator)
        ? fc.array(scalar, { minLength: 1, maxLength: 3 })
        : operator === "IS_BETWEEN" || operator === "IS_NOT_BETWEEN"
          ? fc.tuple(scalar, scalar)
          : operator === "EXIST" || operator === "DOES_NOT_EXIST"
            ? fc.constant(undefined)
            : scalar;
      // a bound Elasticsearch would refuse (bad date math, text on a date field) is a 400, not a search
      return value
        .filter((v) => readable({ field, operator, value: v }))
        .map((v) => parseFilters([{ field, operator, value: v }])[0] as Filter);
    });
}

function queryOn(fields: readonly string[]): fc.Arbitrary<SearchQuery> {
  const order: fc.Arbitrary<SortOrder> = fc.record({
    property: fc.constantFrom(...fields),
    direction: fc.constantFrom("asc" as const, "desc" as const),
  });
  return fc.record({
    filters: fc.array(filterOn(fields), { maxLength: 3 }),
    sort: fc.array(order, { maxLength: 3 }),
    page: fc.integer({ min: 0, max: 6 }),
    size: fc.integer({ min: 1, max: 12 }),
    top: fc.integer({ min: 1, max: 60 }),
    now: fc.constant(NOW),
  });
}

/** Positions of the hits in the document list, so identity (not just shape) is compared. */
function positions(documents: readonly unknown[], hits: readonly unknown[]): number[] {
  return hits.map((hit) => documents.indexOf(hit));
}

describe("the optimised search returns what filter + full sort + slice returns (total capped at top)", () => {
  it("on random documents and random queries (same total, same page, same order)", () => {
    fc.assert(
      fc.property(fc.array(document, { maxLength: 40 }), queryOn(FIELDS), (documents, query) => {
        const expected = referenceSearch(documents, query);
        const actual = runSearch(documents, query);
        expect(actual.total).toBe(Math.min(expected.total, query.top));
        expect(positions(documents, actual.hits)).toEqual(positions(documents, expected.hits));
      }),
      { numRuns: 400 },
    );
  });

  it("on the seeded alerts, including pages deep enough to need the whole sort", () => {
    const alerts = generateAlerts(400, 7, NOW);
    const fields = [
      "severity",
      "status",
      "tags",
      "user",
      "user.keyword",
      "destination.country",
      "destination.city",
      "destination.coordinates",
      "@timestamp",
      "port",
      "name",
      "isSatelliteProvider",
      "source.ip",
      "notes",
    ];
    // deep pages under a high cap, and caps a few pages deep that most queries' matches pass
    const deep = queryOn(fields).chain((query) =>
      fc
        .constantFrom(10_000, 3 * query.size, 40, 1)
        .map((top) => ({ ...query, size: query.size * 8, top: Math.max(top, 1) })),
    );
    fc.assert(
      fc.property(deep, (query) => {
        const expected = referenceSearch(alerts, query);
        const actual = runSearch(alerts, query);
        expect(actual.total).toBe(Math.min(expected.total, query.top));
        expect(positions(alerts, actual.hits)).toEqual(positions(alerts, expected.hits));
      }),
      { numRuns: 300 },
    );
  });
});
