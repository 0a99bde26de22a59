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

/** A JSON string literal as Go writes it with HTML escaping on (the default). */
function goString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code < 0x20 || ch === "<" || ch === ">" || ch === "&" || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      out += ch + text[i + 1];
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // a lone surrogate is invalid UTF-8 once encoded: Go writes the replacement character
      out += "\\ufffd";
    } else out += ch;
  }
  return `${out}"`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Byte-wise (UTF-8) comparison, the order Go's encoder sorts map keys in. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
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
