/**
 * Go `encoding/json` output, byte for byte: what Vault's `json.NewEncoder(w).Encode(v)` and
 * `json.Marshal(v)` write. Two kinds of objects exist on Vault's wire:
 * - Go **structs** (the response envelope, the `auth` block, the health body): fields in declaration
 *   order. Build them with {@link goStruct}, in the order the contract lists.
 * - Go **maps** (everything under `data`, secret values, `custom_metadata`, `versions`): keys sorted
 *   byte-wise, so `"10"` sorts before `"2"`. Every other plain object is treated as a map.
 */

const STRUCT = Symbol("go-struct");

/** A JSON object that keeps its key order on the wire (a Go struct). */
export type GoStruct = Record<string, unknown> & { readonly [STRUCT]: true };

/** Marks an object as a Go struct: its keys are written in insertion order, not sorted. */
export function goStruct(fields: Record<string, unknown>): GoStruct {
  Object.defineProperty(fields, STRUCT, { value: true, enumerable: false });
  return fields as GoStruct;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

// What Go's encoder escapes (HTML escaping on), and a valid surrogate pair, which it keeps: one pass
// of the regular expression, linear in the text, instead of a string grown a character at a time.
// biome-ignore lint/suspicious/noControlCharactersInRegex: Go escapes every control character
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: Go escapes every control character
const ESCAPES = /[\ud800-\udbff][\udc00-\udfff]|["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/g;

function escapeOne(ch: string): string {
  if (ch.length === 2) return ch;
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  const code = ch.charCodeAt(0);
  // a lone surrogate is invalid UTF-8 once encoded: Go writes the replacement character
  if (code >= 0xd800 && code <= 0xdfff) return "\\ufffd";
  return `\\u${code.toString(16).padStart(4, "0")}`;
}

/** A JSON string literal as Go writes it with HTML escaping on (the default). */
function goString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? `"${text.replace(ESCAPES, escapeOne)}"` : `"${text}"`;
}

/** A UTF-16 code unit moved to where its code point sorts in UTF-8: surrogates (U+10000 and up) last. */
function utf8Rank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/**
 * Byte-wise (UTF-8) comparison, the order Go's encoder sorts map keys in: UTF-16 order but for the
 * code points above U+FFFF, compared without encoding either string.
 */
export function compareBytes(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf8Rank(x) - utf8Rank(y);
  }
  return a.length - b.length;
}

/** Encodes a value as Go's `json.Marshal` does: compact, maps sorted, structs in order, no newline. */
export function goMarshal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`json: unsupported value: ${value}`);
    return Object.is(value, -0) ? "-0" : JSON.stringify(value); // Go keeps the sign of -0
  }
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(goMarshal).join(",")}]`;
  if (value instanceof Map) return encodeEntries([...value.entries()].sort(([a], [b]) => compareBytes(a, b)));
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if ((value as Partial<GoStruct>)[STRUCT]) return encodeEntries(entries);
    return encodeEntries(entries.sort(([a], [b]) => compareBytes(a, b)));
  }
  throw new TypeError(`json: unsupported type: ${typeof value}`);
}

function encodeEntries(entries: [string, unknown][]): string {
  return `{${entries.map(([k, v]) => `${goString(k)}:${goMarshal(v)}`).join(",")}}`;
}

/** Encodes a value as Go's `json.NewEncoder(w).Encode(v)` does: {@link goMarshal} plus one `\n`. */
export function goEncode(value: unknown): string {
  return `${goMarshal(value)}\n`;
}
