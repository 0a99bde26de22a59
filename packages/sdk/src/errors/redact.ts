/**
 * Redaction of secrets before anything leaves the SDK in an error, a message or a hook event.
 * Known secrets (the client's API key, password, session token, generated keys) are replaced wherever
 * they appear; so are the shapes a secret can take on the wire (a Bearer credential, a JWT, a 43-character
 * UTMStack key), and the values of the headers that carry credentials.
 */

import { redactCredentialShapes, redactKnownSecrets, redactSecretQuery } from "@keywarden/rules";

/** The text that stands in for a secret. */
export const REDACTED = "[REDACTED]";

/** Header names (lower case) whose values are always credentials. */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "utm-api-key",
  "x-api-key",
  "cookie",
  "set-cookie",
  "proxy-authorization",
]);

/**
 * Removes every secret from a string: the known ones, anything shaped like a credential, and credential
 * query parameters such as JHipster's `?access_token=` (so it serves for URLs too).
 */
export function redactText(text: string, knownSecrets: Iterable<string> = []): string {
  return redactSecretQuery(
    redactCredentialShapes(redactKnownSecrets(text, knownSecrets, REDACTED), REDACTED),
    REDACTED,
  );
}

/** Copies headers into a plain object, replacing the values of credential headers and any known secret. */
export function redactHeaders(
  headers: Headers | Record<string, string> | undefined,
  knownSecrets: Iterable<string> = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  const secrets = [...knownSecrets];
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    out[key] = SENSITIVE_HEADERS.has(key) ? REDACTED : redactText(value, secrets);
  }
  return out;
}

/** Redacts every string inside a JSON-like value (objects and arrays are copied, never mutated). */
export function redactValue(value: unknown, knownSecrets: Iterable<string> = []): unknown {
  const secrets = [...knownSecrets];
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return redactText(v, secrets);
    if (depth > 20 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      copy[k] =
        SENSITIVE_HEADERS.has(k.toLowerCase()) || /password|secret|api_?key$/i.test(k)
          ? REDACTED
          : walk(item, depth + 1);
    }
    return copy;
  };
  return walk(value, 0);
}

/** How deep {@link redactCause} follows causes (`cause`, an `AggregateError`'s `errors`). */
const MAX_CAUSE_DEPTH = 5;

/**
 * The cause of an error, safe to expose. An `Error` in which no string (message, stack, any own field,
 * nested causes) holds a secret is kept as it is, so its `code`, address, class and identity survive;
 * otherwise a copy of the same class is made with those strings redacted and its other fields (`errno`,
 * `port`, ...) kept. Anything that is not an `Error` may be a request or a body: it is `[REDACTED]`.
 */
export function redactCause(cause: unknown, knownSecrets: Iterable<string> = []): unknown {
  if (!(cause instanceof Error)) return REDACTED;
  const secrets = [...knownSecrets];
  return holdsSecret(cause, secrets, 0) ? redactedCopy(cause, secrets, 0) : cause;
}

function fieldsOf(error: Error): [string, unknown][] {
  // `message` and `stack` are own fields on V8's errors; read them by name for other engines.
  const names = new Set([...Object.getOwnPropertyNames(error), "message", "stack"]);
  return [...names].map((name) => [name, (error as unknown as Record<string, unknown>)[name]]);
}

function holdsSecret(value: unknown, secrets: string[], depth: number): boolean {
  if (typeof value === "string") return redactText(value, secrets) !== value;
  if (value === null || typeof value !== "object") return false;
  if (depth >= MAX_CAUSE_DEPTH) return true;
  if (Array.isArray(value)) return value.some((item) => holdsSecret(item, secrets, depth + 1));
  if (value instanceof Error) return fieldsOf(value).some(([, v]) => holdsSecret(v, secrets, depth + 1));
  return JSON.stringify(redactValue(value, secrets)) !== JSON.stringify(value);
}

function redactedCopy(error: Error, secrets: string[], depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
  for (const [name, value] of fieldsOf(error)) {
    if (value === undefined) continue;
    Object.defineProperty(copy, name, {
      value: redactedField(value, secrets, depth + 1),
      enumerable: Object.getOwnPropertyDescriptor(error, name)?.enumerable ?? false,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function redactedField(value: unknown, secrets: string[], depth: number): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_CAUSE_DEPTH) return REDACTED;
  if (value instanceof Error) return redactedCopy(value, secrets, depth);
  if (Array.isArray(value)) return value.map((item) => redactedField(item, secrets, depth + 1));
  return redactValue(value, secrets);
}
