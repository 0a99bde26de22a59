import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { phrase, phraseMatches, phraseSet } from "../../src/search/phrases.js";

// Few distinct pieces, so phrases and values share tokens, prefixes and numbers often.
const piece = fc.constantFrom("a", "b", "A", "ab", "1", "2", "2.0", "é", " ", "-", ".", "", "x y");
const text = fc.array(piece, { maxLength: 5 }).map((parts) => parts.join(""));
const value = fc.oneof(text, fc.constantFrom(1, 2, 0, -0, 2.5, Number.NaN), fc.boolean());

describe("a list of phrases (IS_ONE_OF and friends)", () => {
  it("matches exactly the values that one of its phrases matches, on text and .keyword fields", () => {
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 8 }),
        fc.array(value, { maxLength: 8 }),
        fc.boolean(),
        (texts, values, exact) => {
          const matches = phraseSet(texts, exact);
          for (const v of values) {
            expect(matches(v), JSON.stringify({ texts, v, exact })).toBe(
              texts.some((t) => phraseMatches(v, phrase(t), exact)),
            );
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
