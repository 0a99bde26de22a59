/**
 * Redaction of credentials that ride inside text: the `user:password@` part of a URL (a Redis URL
 * legitimately carries its password there; a library error may quote the URL it was given),
 * secret-looking query parameters, and whatever is shaped like a credential (a `Bearer` value, a JWT,
 * an API key, a Vault token: a server's or a proxy's error may quote the request it got). Log lines,
 * error messages shown to the operator, spans and failure reasons kept in Redis or sent to webhooks
 * all pass through here.
 */

import { redactCredentialShapes, redactSecretQuery, redactUrlUserinfo } from "@keywarden/rules";

/** What stands in for a removed credential. */
const REDACTED_TEXT = "[redacted]";

/**
 * `text` with every URL's `user:password@`, secret query values and credential-shaped values
 * replaced by `[redacted]` (the patterns are @keywarden/rules', shared with the SDK and the mock).
 */
export function redactCredentials(text: string): string {
  return redactCredentialShapes(
    redactSecretQuery(redactUrlUserinfo(text, REDACTED_TEXT), REDACTED_TEXT),
    REDACTED_TEXT,
  );
}

/**
 * A copy of a log record (or any JSON-like value) with {@link redactCredentials} applied to every
 * string. Errors are turned into plain records first (by `errorToRecord`; by default
 * `{ type, message, stack, cause }`), so their messages, stacks and causes are covered too.
 */
export function redactRecord<T>(value: T, errorToRecord: (error: Error) => unknown = errorRecord): T {
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === "string") return redactCredentials(item);
    if (item === null || typeof item !== "object" || depth > 8) return item;
    if (item instanceof Error) return walk(errorToRecord(item), depth + 1);
    if (Array.isArray(item)) return item.map((entry) => walk(entry, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) copy[key] = walk(entry, depth + 1);
    return copy;
  };
  return walk(value, 0) as T;
}

function errorRecord(error: Error): Record<string, unknown> {
  return {
    type: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(error.cause !== undefined ? { cause: error.cause } : {}),
  };
}
