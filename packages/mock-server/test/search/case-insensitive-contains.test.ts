import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { includesIgnoringCase } from "../../src/search/case-insensitive.js";

const lowerIncludes = (text: string, needle: string) => text.toLowerCase().includes(needle.toLowerCase());

// Characters whose lower case is unusual: the Kelvin sign and "İ" lower-case to ASCII (with U+0307),
// "ſ" and "ı" upper-case to ASCII, Σ depends on its neighbours, and one astral letter.
const CORNERS = [
  "K",
  "k",
  "\u212a",
  "I",
  "i",
  "\u0130",
  "\u0131",
  "\u017f",
  "s",
  "S",
  "\u0307",
  "Σ",
  "ß",
  "\u{10400}",
];

describe("includesIgnoringCase answers exactly text.toLowerCase().includes(needle.toLowerCase())", () => {
  it("for every single UTF-16 code unit against every ASCII needle character", () => {
    for (let needle = 0; needle < 128; needle++) {
      const contains = includesIgnoringCase(String.fromCharCode(needle));
      for (let unit = 0; unit <= 0xffff; unit++) {
        const text = String.fromCharCode(unit);
        if (contains(text) !== lowerIncludes(text, String.fromCharCode(needle))) {
          expect.fail(`needle U+${needle.toString(16)} in text U+${unit.toString(16)}`);
        }
      }
    }
  });

  it("for every code point, lower-cased to more than one character or not, inside longer needles", () => {
    const needles = ["ki", "ik", "i", "k", "xk", "xi", "i\u0307", "delhi", "a.b*c"];
    const tests = needles.map((needle) => [needle, includesIgnoringCase(needle)] as const);
    for (let point = 0; point <= 0x10ffff; point += point < 0x2200 ? 1 : 251) {
      const text = `x${String.fromCodePoint(point)}k${String.fromCodePoint(point)}i`;
      for (const [needle, contains] of tests)
        expect(contains(text), `${needle} in ${text}`).toBe(lowerIncludes(text, needle));
    }
  });

  it("for random texts and needles built from the corner characters, ASCII and not", () => {
    const character = fc.oneof(fc.constantFrom(...CORNERS), fc.string({ minLength: 1, maxLength: 1 }));
    const text = fc.array(character, { maxLength: 12 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, text, (haystack, needle) => {
        expect(includesIgnoringCase(needle)(haystack)).toBe(lowerIncludes(haystack, needle));
      }),
      { numRuns: 5000 },
    );
  });

  it("treats pattern syntax in the needle as plain text", () => {
    expect(includesIgnoringCase(".*")("abc")).toBe(false);
    expect(includesIgnoringCase("A.*")("xa.*y")).toBe(true);
    expect(includesIgnoringCase("(a|b)[\\]^$")("X(A|B)[\\]^$")).toBe(true);
    expect(includesIgnoringCase("")("")).toBe(true);
  });
});
