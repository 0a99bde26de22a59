// `text.toLowerCase().includes(needle)` is what UTMStack's contains-style operators mean, and it
// allocates a lower-cased copy of every value with a capital letter in it, per value per query.
// For an ASCII needle the same answer comes from a case-insensitive RegExp, without the copy.
//
// Why the RegExp is exact (checked over every code unit and code point by
// test/search/case-insensitive-contains.test.ts):
// - a non-ASCII character lower-cases to ASCII only for U+212A KELVIN SIGN ("k") and U+0130 LATIN
//   CAPITAL LETTER I WITH DOT ABOVE ("i" + U+0307); lower-casing never maps one character to none;
// - without the `u` flag, `i` matches an ASCII pattern character against its ASCII case variants
//   only, never against a non-ASCII character.
// So an ASCII needle occurs in the lower-cased text exactly where consecutive characters of the
// text each lower-case to the needle's characters, with the Kelvin sign as one more "k", and "İ" as
// one more "i" in last place only (its U+0307 cannot continue an ASCII needle).

const NON_ASCII = /[\u0080-\uffff]/;
const ALPHANUMERIC = /[a-z0-9]/;

/** Pattern source for one lower-case ASCII character of the needle. */
function patternFor(character: string, last: boolean): string {
  if (character === "k") return "[k\\u212a]";
  if (character === "i" && last) return "[i\\u0130]";
  if (ALPHANUMERIC.test(character)) return character;
  // every other ASCII character, escaped by code so no pattern syntax can leak in
  return `\\x${character.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

function asciiPattern(needle: string): RegExp {
  let source = "";
  for (let i = 0; i < needle.length; i++) source += patternFor(needle[i] as string, i === needle.length - 1);
  return new RegExp(source, "i");
}

/**
 * Prepares `text.toLowerCase().includes(needle.toLowerCase())` for many texts: exactly that answer,
 * without lower-casing each text when the lower-cased needle is ASCII.
 * @param needle the text looked for, in any case
 * @returns a test of one text
 */
export function includesIgnoringCase(needle: string): (text: string) => boolean {
  const lower = needle.toLowerCase();
  if (lower === "") return () => true;
  if (NON_ASCII.test(lower)) return (text) => text.toLowerCase().includes(lower);
  const pattern = asciiPattern(lower);
  // each needle character comes from its own text character, so a shorter text cannot hold it,
  // and the length is cheaper to read than a RegExp call
  return (text) => text.length >= lower.length && pattern.test(text);
}
