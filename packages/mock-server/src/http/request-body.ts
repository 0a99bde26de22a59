import { BadRequestError } from "./errors.js";
import type { RouteInput } from "./route.js";

/**
 * The request body parsed as JSON; undefined when there is none.
 * @throws {BadRequestError} with the parser's reason when it is not JSON.
 */
export function readJsonBody(input: RouteInput): unknown {
  const text = input.body;
  if (text.trim() === "") return undefined;
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
