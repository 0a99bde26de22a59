import { BadRequestError } from "./errors.js";

/** Jackson's default nesting limit (`StreamReadConstraints`, 2.15 and later). */
export const MAX_JSON_DEPTH = 1000;

/**
 * How deep the JSON text nests, counted in one pass outside strings, stopping past `max`: the rules
 * walk parsed bodies recursively, and a 200000-deep array overflowed the stack (a 500).
 */
export function jsonDepthExceeds(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}

/**
 * The request body parsed as JSON; undefined when there is none.
 * @throws {BadRequestError} with the parser's reason when it is not JSON, or nests deeper than
 *   {@link MAX_JSON_DEPTH}.
 */
export function readJsonBody(input: { body: string }): unknown {
  const text = input.body;
  if (text.trim() === "") return undefined;
  if (jsonDepthExceeds(text)) {
    const reason = `Document nesting depth exceeds the maximum allowed (${MAX_JSON_DEPTH})`;
    throw new BadRequestError(`Malformed JSON body: ${reason}`, `JSON parse error: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    throw new BadRequestError(`Malformed JSON body: ${reason}`, `JSON parse error: ${reason}`);
  }
}

/**
 * A path id as a positive integer.
 * @throws {BadRequestError} saying the id must be a number (v11: Spring's conversion message).
 */
export function readKeyId(raw: unknown): number {
  const text = String(raw);
  if (/^\d{1,15}$/.test(text) && Number(text) > 0) return Number(text);
  throw new BadRequestError(
    `id: must be a positive integer, got "${text}"`,
    `Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; nested exception is java.lang.NumberFormatException: For input string: "${text}"`,
  );
}
