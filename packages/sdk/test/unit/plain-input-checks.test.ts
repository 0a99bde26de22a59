import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { filterPasses } from "../../src/filters/filter-check.js";
import { filterSchema } from "../../src/filters/filter-schema.js";
import { OPERATORS } from "../../src/filters/operators.js";
import { VALUE_RULES, type ValueKind } from "../../src/filters/value-kinds.js";
import { isValidKeyId, keyIdSchema } from "../../src/validation/api-key-input.js";
import { searchQuerySchema } from "../../src/validation/query-input.js";
import { searchQueryPasses } from "../../src/validation/search-query-check.js";

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const bound = fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), finite);

/** Values of every kind and of none: each rule's edge (empties, non-finite numbers, wrong types). */
const anyValue = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constant(""),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null)), {
    maxLength: 3,
  }),
  fc.tuple(
    fc.oneof(fc.string({ maxLength: 3 }), fc.double()),
    fc.oneof(fc.string({ maxLength: 3 }), fc.integer()),
  ),
  fc.array(bound, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 2 }), fc.string({ maxLength: 2 }), { maxKeys: 1 }),
);

const scalar = fc.oneof(fc.string({ maxLength: 4 }), finite, fc.integer(), fc.boolean());
const validValue: Record<ValueKind, fc.Arbitrary<unknown>> = {
  scalar,
  text: fc.string({ maxLength: 4 }),
  "some-text": fc.string({ minLength: 1, maxLength: 4 }),
  bound,
  pair: fc.tuple(bound, bound),
  scalars: fc.array(scalar, { minLength: 1, maxLength: 3 }),
  terms: fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  none: fc.constantFrom(undefined, null),
};

/** A filter the rules accept, for any operator. */
const validFilter = fc.constantFrom(...OPERATORS).chain((operator) =>
  fc.record({
    field: VALUE_RULES[operator].field
      ? fc.string({ minLength: 1, maxLength: 4 })
      : fc.option(fc.string(), { nil: undefined }),
    operator: fc.constant(operator as string),
    value: validValue[VALUE_RULES[operator].kind],
  }),
);

/** Valid filters, the same with one part replaced by anything, and things that are not filters. */
const filter = fc.oneof(
  validFilter,
  fc
    .tuple(validFilter, fc.constantFrom("field", "operator", "value"), anyValue)
    .map(([one, part, replacement]) => ({
      ...one,
      [part]: replacement,
    })),
  fc
    .tuple(validFilter, fc.constantFrom("is", "toString", "__proto__", ""))
    .map(([one, operator]) => ({ ...one, operator })),
  anyValue,
);

const validQuery = fc.record(
  {
    indexPattern: fc.constantFrom("alert-*", "v11-api-access-logs-*", " x "),
    top: fc.integer({ min: 1, max: 10_000 }),
    page: fc.integer({ min: 0, max: 5 }),
    size: fc.constantFrom(1, 25, 2000),
    sort: fc.oneof(
      fc.constantFrom("@timestamp,desc", "name", "name,ASC"),
      fc.array(fc.constantFrom("id,asc", "name"), { maxLength: 2 }),
    ),
    includeChildren: fc.boolean(),
    filters: fc.array(validFilter, { maxLength: 3 }),
    limit: fc.integer({ min: 0, max: 3 }),
  },
  { requiredKeys: ["indexPattern", "top"] },
);

/** Oddities for each query parameter. */
const oddParameter: Record<string, fc.Arbitrary<unknown>> = {
  indexPattern: fc.constantFrom("", " ", 7, undefined),
  top: fc.constantFrom(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "10", undefined),
  page: fc.constantFrom(-1, 0.5, null, "1"),
  size: fc.constantFrom(0, 2001, 1.5, null),
  sort: fc.oneof(
    fc.constantFrom("a b", "x,sideways", "", 7),
    fc.array(fc.constantFrom("bad sort", 7), { minLength: 1, maxLength: 2 }),
  ),
  includeChildren: fc.constantFrom("true", 1, null),
  filters: fc.oneof(anyValue, fc.array(filter, { minLength: 1, maxLength: 3 })),
  limit: fc.constantFrom(-1, 0.5, null),
};
const query = fc.oneof(
  validQuery,
  fc
    .tuple(validQuery, fc.constantFrom(...Object.keys(oddParameter)))
    .chain(([params, key]) => oddParameter[key]!.map((odd) => ({ ...params, [key]: odd }))),
);

/** Share of samples the schema accepts: a generator that is nearly all valid or all invalid tests little. */
function acceptedShare<T>(arbitrary: fc.Arbitrary<T>, accepts: (sample: T) => boolean): number {
  const samples = fc.sample(arbitrary, { numRuns: 5000, seed: 7 });
  return samples.filter(accepts).length / samples.length;
}

// Skipping zod whenever the plain check passes is safe only if the check never passes what zod
// refuses; zod then runs only to word an error only if the check passes everything zod accepts.
describe("the plain search-query check agrees with the zod schema", () => {
  it("on filters near every operator's rules", () => {
    const accepted = acceptedShare(filter, (one) => filterSchema.safeParse(one).success);
    expect(accepted).toBeGreaterThan(0.2);
    expect(accepted).toBeLessThan(0.8);
    fc.assert(
      fc.property(filter, (one) => {
        expect(filterPasses(one)).toBe(filterSchema.safeParse(one).success);
      }),
      { numRuns: 20_000 },
    );
  });

  it("on whole search queries", () => {
    const valid = query.map((params) => ({ ...params, filters: [] as unknown[] }));
    expect(acceptedShare(valid, (params) => searchQuerySchema.safeParse(params).success)).toBeGreaterThan(
      0.01,
    );
    fc.assert(
      fc.property(fc.oneof(query, valid), (params) => {
        expect(searchQueryPasses(params)).toBe(searchQuerySchema.safeParse(params).success);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("the plain key-id check agrees with keyIdSchema", () => {
  it("on ids near every edge", () => {
    const id = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(
        0,
        -0,
        1,
        Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER + 1,
        Number.NaN,
        Infinity,
        2.5,
      ),
      fc.constantFrom("7", null, undefined, 7n),
    );
    fc.assert(
      fc.property(id, (one) => {
        expect(isValidKeyId(one)).toBe(keyIdSchema.safeParse(one).success);
      }),
      { numRuns: 5000 },
    );
  });
});
