import { describe, expect, it } from "vitest";
import { compileFilters } from "../../src/search/filter-matching.js";
import { type Filter, parseFilters } from "../../src/search/operators.js";

// ids of one letter that no needle below contains, as IS_IN_FIELDS searches the id too
const docs = [
  { id: "p", city: "SÃO PAULO" },
  { id: "t", city: "İstanbul" },
  { id: "u", unit: "\u212a" },
  { id: "w", word: "ΟΔΟΣ" },
  { id: "c", city: "Delhi", count: 1e21, flag: true },
];

function ids(filter: Filter): string[] {
  const test = compileFilters(parseFilters([filter]), 0);
  return docs.filter(test).map((doc) => doc.id);
}

// Contains-style operators lower-case both sides (String.prototype.toLowerCase), so characters
// outside ASCII match across case too, including those that lower-case to ASCII.
describe("case-insensitive operators match outside ASCII as toLowerCase does", () => {
  it("IS_IN_FIELDS with a non-ASCII needle", () => {
    expect(ids({ field: "", operator: "IS_IN_FIELDS", value: "são" })).toEqual(["p"]);
    expect(ids({ field: "", operator: "IS_IN_FIELDS", value: "οδος" })).toEqual(["w"]);
    expect(ids({ field: "", operator: "IS_IN_FIELDS", value: "i\u0307stan" })).toEqual(["t"]);
  });

  it("IS_IN_FIELDS with an ASCII needle that only a non-ASCII character lower-cases to", () => {
    expect(ids({ field: "", operator: "IS_IN_FIELDS", value: "K" })).toEqual(["u"]);
    expect(ids({ field: "", operator: "IS_IN_FIELDS", value: "I" })).toEqual(["t", "c"]);
    expect(ids({ field: "", operator: "IS_IN_FIELDS", value: "is" })).toEqual([]);
  });

  it("IS_IN_FIELDS on numbers and booleans by their text", () => {
    expect(ids({ field: "", operator: "IS_IN_FIELDS", value: "E+21" })).toEqual(["c"]);
    expect(ids({ field: "", operator: "IS_IN_FIELDS", value: "RUE" })).toEqual(["c"]);
    expect(ids({ field: "", operator: "IS_NOT_IN_FIELDS", value: "k" })).toEqual(["p", "t", "w", "c"]);
  });

  it("CONTAIN and DOES_NOT_CONTAIN", () => {
    expect(ids({ field: "city", operator: "CONTAIN", value: "paulo" })).toEqual(["p"]);
    expect(ids({ field: "city", operator: "CONTAIN", value: "İST" })).toEqual(["t"]);
    expect(ids({ field: "unit", operator: "CONTAIN", value: "k" })).toEqual(["u"]);
    expect(ids({ field: "city", operator: "DOES_NOT_CONTAIN", value: "Ã" })).toEqual(["t", "u", "w", "c"]);
  });
});
