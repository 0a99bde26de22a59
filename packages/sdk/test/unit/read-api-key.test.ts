import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiKeySchema, normaliseApiKey } from "../../src/resources/models.js";
import { readApiKey, readApiKeyList } from "../../src/resources/read-api-key.js";

/** What the schema path makes of a body: the normalised key, or undefined when the schema refuses it. */
function throughSchema(data: unknown) {
  const result = apiKeySchema.safeParse(data);
  return result.success ? normaliseApiKey(result.data) : undefined;
}

const anyValue = fc.oneof(
  fc.string(),
  fc.stringMatching(/^\d{1,6}$/),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const field = (value: fc.Arbitrary<unknown>) => fc.option(fc.oneof(value, anyValue), { nil: undefined });

/** Bodies near the schema's edge: each checked field absent, well-typed or of another type, plus extras. */
const body = fc
  .record({
    fields: fc.record({
      id: field(fc.oneof(fc.nat(), fc.stringMatching(/^\d{1,6}$/))),
      name: field(fc.string()),
      allowedIp: field(fc.array(fc.string(), { maxLength: 3 })),
      createdAt: field(fc.string()),
      expiresAt: field(fc.oneof(fc.string(), fc.constant(null))),
      generatedAt: field(fc.oneof(fc.string(), fc.constant(null))),
    }),
    present: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    extras: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("status", "__proto__", "expiry")), anyValue, {
      maxKeys: 3,
    }),
    extrasFirst: fc.boolean(),
  })
  .map(({ fields, present, extras, extrasFirst }) => {
    const checked: Record<string, unknown> = {};
    Object.entries(fields).forEach(([name, value], i) => {
      if (present[i] || value !== undefined) checked[name] = value;
    });
    // Built as JSON.parse would (own "__proto__" field included), in either field order.
    const text = JSON.stringify(extrasFirst ? { ...extras, ...checked } : { ...checked, ...extras });
    return JSON.parse(text) as unknown;
  });

describe("readApiKey (the fast path of the API-key schema)", () => {
  it("gives exactly the schema path's key, key order included, whenever it answers", () => {
    fc.assert(
      fc.property(body, (data) => {
        const fast = readApiKey(data);
        if (fast === undefined) return;
        const slow = throughSchema(data);
        expect(slow).toBeDefined();
        expect(fast).toStrictEqual(slow);
        expect(Object.keys(fast)).toEqual(Object.keys(slow as object));
      }),
      { numRuns: 2000 },
    );
  });

  it("answers for every body the schema accepts, unless it has a __proto__ field", () => {
    fc.assert(
      fc.property(body, (data) => {
        if (throughSchema(data) === undefined || Object.hasOwn(data as object, "__proto__")) return;
        expect(readApiKey(data)).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves non-objects, arrays and bad fields to the schema", () => {
    for (const data of [null, 3, "key", [], [{ id: 1 }]]) expect(readApiKey(data)).toBeUndefined();
    const base = { id: 1, name: "ci", createdAt: "2026-01-01T00:00:00Z" };
    expect(readApiKey({ ...base, id: 1.5 })).toBeUndefined();
    expect(readApiKey({ ...base, id: "1a" })).toBeUndefined();
    expect(readApiKey({ ...base, allowedIp: ["10.0.0.1", 3] })).toBeUndefined();
    expect(readApiKey({ ...base, expiresAt: 0 })).toBeUndefined();
  });

  it("reads a list only when every key passes", () => {
    const good = { id: "7", name: "ci", createdAt: "2026-01-01T00:00:00Z", status: "ACTIVE" };
    expect(readApiKeyList([good, good])).toStrictEqual([throughSchema(good), throughSchema(good)]);
    expect(readApiKeyList([good, { name: "no id" }])).toBeUndefined();
    expect(readApiKeyList({ 0: good })).toBeUndefined();
    expect(readApiKeyList([])).toStrictEqual([]);
  });
});
