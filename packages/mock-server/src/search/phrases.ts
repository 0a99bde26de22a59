// match_phrase, as UTMStack's IS and *_ONE_OF filters ask Elasticsearch for it: a phrase matches a
// value when its tokens appear consecutively in the value's (the whole text for `.keyword` fields).

const TOKEN = /[\p{L}\p{N}]+/gu;
function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

// Field values repeat across documents (countries, names, users), and tokenizing is the costly
// part of a phrase match: remember the tokens of recent values. Bounded, as values come from data.
const tokenCache = new Map<string, string[]>();
function cachedTokens(text: string): string[] {
  let found = tokenCache.get(text);
  if (found === undefined) {
    found = tokens(text);
    if (tokenCache.size >= 10_000) tokenCache.clear();
    tokenCache.set(text, found);
  }
  return found;
}

/** A phrase prepared once per query: its text, its tokens, and the number it reads as. */
export interface Phrase {
  text: string;
  tokens: string[];
  /** `Number(text)`, or NaN for blank text (which Number would read as 0). */
  number: number;
}

export function phrase(text: string): Phrase {
  return { text, tokens: tokens(text), number: text.trim() === "" ? Number.NaN : Number(text) };
}

/** match_phrase: the phrase's tokens appear consecutively in the value (exact for `.keyword`). */
export function phraseMatches(value: unknown, phrase: Phrase, exact: boolean): boolean {
  // a number matches numeric text of the same value ("2.0" finds 2) as well as its own text
  if (typeof value === "number") return value === phrase.number || String(value) === phrase.text;
  if (typeof value === "boolean") return String(value) === phrase.text;
  const text = String(value);
  if (exact) return text === phrase.text;
  const wanted = phrase.tokens;
  if (wanted.length === 0) return text === phrase.text;
  const have = cachedTokens(text);
  outer: for (let start = 0; start + wanted.length <= have.length; start++) {
    for (let i = 0; i < wanted.length; i++) if (have[start + i] !== wanted[i]) continue outer;
    return true;
  }
  return false;
}

const SEPARATOR = "\u0000";

/**
 * The test of a list of phrases (`IS_ONE_OF` and friends): true when any of them matches, decided by
 * lookups instead of trying every phrase on every value, so a long list costs its length once, not
 * once per document. Phrases are indexed by their first token and their length.
 */
export function phraseSet(texts: readonly string[], exact: boolean): (value: unknown) => boolean {
  const whole = new Set<string>();
  const numbers = new Set<number>();
  /** Texts without a token (punctuation only, blank): they match only themselves. */
  const tokenless = new Set<string>();
  const sequences = new Map<string, Map<number, Set<string>>>();
  for (const text of texts) {
    const { tokens: wanted, number } = phrase(text);
    whole.add(text);
    if (!Number.isNaN(number)) numbers.add(number);
    if (exact) continue;
    const first = wanted[0];
    if (first === undefined) {
      tokenless.add(text);
      continue;
    }
    const byLength = sequences.get(first) ?? new Map<number, Set<string>>();
    sequences.set(first, byLength);
    const keys = byLength.get(wanted.length) ?? new Set<string>();
    byLength.set(wanted.length, keys);
    keys.add(wanted.join(SEPARATOR));
  }
  return (value) => {
    if (typeof value === "number") return numbers.has(value) || whole.has(String(value));
    if (typeof value === "boolean") return whole.has(String(value));
    const text = String(value);
    if (exact) return whole.has(text);
    if (tokenless.has(text)) return true;
    const have = cachedTokens(text);
    for (let start = 0; start < have.length; start++) {
      const byLength = sequences.get(have[start] as string);
      if (byLength === undefined) continue;
      for (const [length, keys] of byLength) {
        if (start + length > have.length) continue;
        if (
          keys.has(length === 1 ? (have[start] as string) : have.slice(start, start + length).join(SEPARATOR))
        ) {
          return true;
        }
      }
    }
    return false;
  };
}
