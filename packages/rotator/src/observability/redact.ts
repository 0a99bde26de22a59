/**
 * Redaction of credentials that ride inside text: the `user:password@` part of a URL (a Redis URL
 * legitimately carries its password there; a library error may quote the URL it was given) and
 * secret-looking query parameters. Log lines, error messages shown to the operator and failure
 * reasons kept in Redis all pass through here.
 */

/** What stands in for a removed credential. */
const REDACTED_TEXT = "[redacted]";

// scheme "://" userinfo "@": greedy up to the last "@" before the path, as URL parsers read it
// (a password may itself contain "@").
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]+@/gi;
const SECRET_QUERY = /([?&](?:access_token|api_key|apikey|token|password|secret)=)[^&#\s"']*/gi;

/** `text` with every URL's `user:password@` and secret query values replaced by `[redacted]`. */
export function redactCredentials(text: string): string {
  // Fast path: most log strings contain neither a scheme nor a query.
  if (!text.includes("://") && !text.includes("=")) return text;
  return text
    .replace(URL_USERINFO, (_match, scheme: string) => `${scheme}${REDACTED_TEXT}@`)
    .replace(SECRET_QUERY, (_match, prefix: string) => `${prefix}${REDACTED_TEXT}`);
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
