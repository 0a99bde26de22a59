import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hitsJson } from "../../src/search/hits-json.js";

type Container = Record<string, unknown> | unknown[];

/** Every object and array in the documents, outermost first. */
function containers(node: unknown, out: Container[] = []): Container[] {
  if (typeof node !== "object" || node === null) return out;
  out.push(node as Container);
  for (const value of Object.values(node)) containers(value, out);
  return out;
}

// Scalars JSON writes in more than one way or not at all, beside ordinary JSON values.
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(Number.NaN, -0, 0, Number.POSITIVE_INFINITY, undefined, "", "\u2028", "\ud800"),
);
const key = fc.constantFrom("a", "b", "c", "id", "toJSON", "0", "10", "@timestamp", "__proto__x");

type Edit =
  | { kind: "set" | "add"; at: number; key: string; value: unknown }
  | { kind: "delete"; at: number; key: string }
  | { kind: "re-add"; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom("set" as const, "add" as const), at: fc.nat(), key, value }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), key }),
  // deleting a key and setting it again moves it last: the same values in another order
  fc.record({ kind: fc.constant("re-add" as const), at: fc.nat() }),
);

function apply(documents: unknown[], change: Edit): void {
  const all = containers(documents).slice(1);
  if (all.length === 0) return;
  const target = all[change.at % all.length] as Container;
  if (Array.isArray(target)) {
    if (change.kind === "delete") target.pop();
    else if (change.kind === "add") target.push(change.value);
    else if (change.kind === "set" && target.length > 0) target[change.at % target.length] = change.value;
    else if (change.kind === "re-add") target.reverse();
    return;
  }
  if (change.kind === "delete") delete target[change.key];
  else if (change.kind === "re-add") {
    const first = Object.keys(target)[0];
    if (first === undefined) return;
    const kept = target[first];
    delete target[first];
    target[first] = kept;
  } else target[change.key] = change.value;
}

describe("hitsJson answers exactly JSON.stringify(hits)", () => {
  it("for documents edited in place, in any way, between serializations", () => {
    const documents = fc.array(fc.dictionary(key, value, { maxKeys: 6 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(documents, fc.array(edit, { maxLength: 12 }), (hits, edits) => {
        expect(hitsJson(hits)).toBe(JSON.stringify(hits));
        for (const change of edits) {
          apply(hits, change);
          expect(hitsJson(hits)).toBe(JSON.stringify(hits));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("when a document gains a toJSON, a prototype, a getter or a Date after it was served", () => {
    const document: Record<string, unknown> = { id: "a", nested: { city: "Tokyo" }, list: [1, 2] };
    const hits = [document];
    const check = () => expect(hitsJson(hits)).toBe(JSON.stringify(hits));
    check();
    Object.defineProperty(document.nested, "toJSON", { value: () => "hidden", enumerable: false });
    check();
    document.nested = { city: "Tokyo" };
    check();
    Object.setPrototypeOf(document.list, { toJSON: () => "list" });
    check();
    document.list = [1, 2];
    check();
    let city = "Osaka";
    Object.defineProperty(document, "city", { get: () => city, enumerable: true, configurable: true });
    check();
    city = "Kyoto";
    check();
    document.when = new Date(0);
    check();
    delete document.when;
    delete document.city;
    check();
  });

  it("when a key is renamed or moved and every value stays the same", () => {
    const document: Record<string, unknown> = { a: 1, b: 1, nested: { c: "x" } };
    const hits = [document];
    expect(hitsJson(hits)).toBe(JSON.stringify(hits));
    delete document.a;
    document.a = 1;
    expect(hitsJson(hits)).toBe('[{"b":1,"nested":{"c":"x"},"a":1}]');
    const nested = document.nested as Record<string, unknown>;
    delete nested.c;
    nested.d = "x";
    expect(hitsJson(hits)).toBe('[{"b":1,"nested":{"d":"x"},"a":1}]');
  });

  it("for values JSON cannot write or writes as null, and for cycles", () => {
    expect(hitsJson([{ f: () => 1, s: Symbol("s"), u: undefined, n: Number.NaN }])).toBe(
      JSON.stringify([{ f: () => 1, s: Symbol("s"), u: undefined, n: Number.NaN }]),
    );
    expect(() => hitsJson([{ big: 1n }])).toThrow(TypeError);
    const cycle: Record<string, unknown> = { id: "c" };
    cycle.self = cycle;
    expect(() => hitsJson([cycle])).toThrow(TypeError);
    expect(hitsJson([1, "two", null, [3]])).toBe(JSON.stringify([1, "two", null, [3]]));
  });

  it("for documents deeper or larger than it keeps", () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 40; i++) deep = { deep };
    const wide = { values: Array.from({ length: 5000 }, (_, i) => i) };
    for (const hits of [[deep], [wide]]) {
      expect(hitsJson(hits)).toBe(JSON.stringify(hits));
      expect(hitsJson(hits)).toBe(JSON.stringify(hits));
    }
  });
});
