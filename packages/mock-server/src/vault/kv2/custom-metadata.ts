import { goQuote, multiError } from "../wire/errors.js";

const MAX_KEYS = 64;
const MAX_KEY_BYTES = 128;
const MAX_VALUE_BYTES = 512;
const PREFIX = "custom_metadata validation failed";

/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space only. */
export function isPrintable(text: string): boolean {
  return !/[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(text);
}

/**
 * Vault's custom_metadata limits (≤64 keys, key 1–128 bytes, value 1–512 bytes, printable), with
 * every problem listed in one go-multierror string. Returns that string, or `undefined` when valid.
 * Keys are checked in sorted order so the message is stable (Go iterates a map randomly).
 */
export function validateCustomMetadata(metadata: Record<string, string>): string | undefined {
  const keys = Object.keys(metadata).sort();
  if (keys.length > MAX_KEYS) {
    return multiError([`${PREFIX}: payload must contain at most ${MAX_KEYS} keys, provided ${keys.length}`]);
  }
  const problems: string[] = [];
  for (const key of keys) {
    const value = metadata[key] as string;
    const keyLen = Buffer.byteLength(key);
    const valueLen = Buffer.byteLength(value);
    if (keyLen === 0 || keyLen > MAX_KEY_BYTES) {
      problems.push(
        `${PREFIX}: length of key ${goQuote(key)} is ${keyLen} but must be 0 < len(key) <= ${MAX_KEY_BYTES}`,
      );
    }
    if (valueLen === 0 || valueLen > MAX_VALUE_BYTES) {
      problems.push(
        `${PREFIX}: length of value for key ${goQuote(key)} is ${valueLen} but must be 0 < len(value) <= ${MAX_VALUE_BYTES}`,
      );
    }
    if (!isPrintable(key))
      problems.push(`${PREFIX}: key ${goQuote(key)} (${key}) contains unprintable characters`);
    if (!isPrintable(value))
      problems.push(`${PREFIX}: value for key ${goQuote(key)} contains unprintable characters`);
  }
  return problems.length > 0 ? multiError(problems) : undefined;
}

/**
 * Weakly decodes a `custom_metadata` input to a string map (numbers and booleans become strings, as
 * mapstructure does). `null` values are kept only when `allowNull` (PATCH uses them to remove keys).
 */
export function decodeCustomMetadata(
  input: unknown,
  allowNull: boolean,
): { ok: true; value: Record<string, string | null> } | { ok: false; message: string } {
  if (input === null) return { ok: true, value: {} };
  if (typeof input !== "object" || Array.isArray(input)) {
    return { ok: false, message: fieldError("custom_metadata", `'' expected a map, got '${goKind(input)}'`) };
  }
  const value: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (v === null && allowNull) value[k] = null;
    else if (typeof v === "string") value[k] = v;
    else if (typeof v === "number") value[k] = String(v);
    else if (typeof v === "boolean") value[k] = v ? "1" : "0";
    else
      return {
        ok: false,
        message: fieldError("custom_metadata", `'[${k}]' expected type 'string', got '${goKind(v)}'`),
      };
  }
  return { ok: true, value };
}

/** `Field validation failed: error converting input for field "<f>": <detail>` (§2.2). */
export function fieldError(field: string, detail: string): string {
  return `Field validation failed: error converting input for field ${goQuote(field)}: ${detail}`;
}

function goKind(value: unknown): string {
  if (Array.isArray(value)) return "slice";
  if (value === null) return "invalid";
  if (typeof value === "object") return "map";
  if (typeof value === "number") return "float64";
  return typeof value;
}
