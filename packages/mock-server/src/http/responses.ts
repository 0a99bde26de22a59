import type { MockReply } from "../exchange/reply.js";

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  423: "Locked",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The reason phrase of a status (`Unauthorized` for 401). */
function reasonPhrase(status: number): string {
  return STATUS_TEXT[status] ?? "Error";
}

// A key list formats the same few instants (createdAt, expiresAt...) on every request: remember them.
const formattedInstants = new Map<number, string>();
// The newest instant formatted, apart: a key used with its API key shows the request's own time as
// lastUsedAt, new on every request but shared by the requests of one busy millisecond.
let newestMs = Number.NaN;
let newestText = "";

/**
 * An instant as Jackson's `InstantSerializer` writes it (ISO_INSTANT): UTC, with a fraction only when
 * it is not zero, e.g. `2025-12-26T00:00:00Z` or `2025-11-26T13:42:47.123Z`.
 */
export function formatInstant(ms: number): string {
  if (ms === newestMs) return newestText;
  let text = formattedInstants.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString().replace(".000Z", "Z");
    if (formattedInstants.size >= 4096) formattedInstants.clear();
    formattedInstants.set(ms, text);
    newestMs = ms;
    newestText = text;
  }
  return text;
}

/** Spring Boot's error timestamp, e.g. `2025-04-16T16:26:35.664+00:00`. */
function springTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

/** The longest `X-UtmStack-error` sent: a client reads at most 16 KiB of headers (Node's default). */
const MAX_HEADER_TEXT = 2000;

/** HTTP header values must be Latin-1 without line breaks; anything else becomes `?`. */
function headerSafe(text: string): string {
  const cut = text.length > MAX_HEADER_TEXT ? `${text.slice(0, MAX_HEADER_TEXT)}...` : text;
  return cut.replace(/[\r\n]/g, "").replace(/[^\x20-\x7e\xa0-\xff]/g, "?");
}

/**
 * Spring Boot's error body `{"timestamp","status","error","path"}` (what the security layer sends).
 * @param reason optional `X-UtmStack-error` value
 */
export function springError(status: number, path: string, now: number, reason?: string): MockReply {
  const body = JSON.stringify({ timestamp: springTimestamp(now), status, error: reasonPhrase(status), path });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (reason) headers["x-utmstack-error"] = headerSafe(reason);
  return { status, headers, body };
}

/** UTMStack's usual error: the status, an empty body, and the reason in `X-UtmStack-error`. */
export function headerError(status: number, reason: string): MockReply {
  return {
    status,
    headers: { "x-utmstack-error": headerSafe(reason) || reasonPhrase(status), "x-utmstack-params": "" },
    body: "",
  };
}

/** A JSON response with Spring's `application/json` content type. */
export function json(body: unknown, status = 200, headers?: Record<string, string>): MockReply {
  return jsonText(JSON.stringify(body), status, headers);
}

/** {@link json} for a body already serialized. */
export function jsonText(text: string, status = 200, headers?: Record<string, string>): MockReply {
  return { status, headers: { "content-type": "application/json", ...headers }, body: text };
}

/** A status without a body (204 after a delete). */
export function noContent(status = 204): MockReply {
  return { status, body: "" };
}

/**
 * Spring Boot's error body with its `message` (`{"timestamp","status","error","message","path"}`),
 * for what the server refuses before any route runs (an oversized body).
 */
export function problemReply(status: number, url: URL, now: number, message: string): MockReply {
  const body = JSON.stringify({
    timestamp: springTimestamp(now),
    status,
    error: reasonPhrase(status),
    message,
    path: url.pathname,
  });
  return { status, headers: { "content-type": "application/json" }, body };
}
