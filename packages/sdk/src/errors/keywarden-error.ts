import { redactCause, redactHeaders, redactText, redactValue } from "./redact.js";

/** What every Keywarden error can say about the request that failed. */
export interface KeywardenErrorDetails {
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** HTTP method of the failed request. */
  method?: string | undefined;
  /** URL of the failed request (credentials in the query are redacted). */
  url?: string | undefined;
  /** UTMStack's reason: the `X-UtmStack-error` header, or the Spring body's `message`/`detail`/`error`. */
  reason?: string | undefined;
  /** The response body (parsed JSON when it was JSON, else text; `undefined` when empty). */
  body?: unknown;
  /** The response headers, lower-cased, with credential headers redacted. */
  headers?: Headers | Record<string, string> | undefined;
  /** The underlying error (e.g. the `TypeError` thrown by `fetch`), kept unless a secret is in it. */
  cause?: unknown;
  /** Secrets known to the client, removed from everything this error exposes. */
  secrets?: Iterable<string> | undefined;
}

/**
 * The base of every error the SDK throws. Catch it to handle any Keywarden failure; narrow with
 * `instanceof` on the subclasses (`NotFoundError`, `RateLimitError`, ...).
 *
 * Secrets never appear in `message`, `headers`, `body` or `toJSON()`: they are redacted at construction.
 */
export class KeywardenError extends Error {
  /** HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** HTTP method of the failed request. */
  readonly method: string | undefined;
  /** URL of the failed request. */
  readonly url: string | undefined;
  /** UTMStack's reason (`X-UtmStack-error` header or Spring error body). */
  readonly reason: string | undefined;
  /** The response body, redacted. */
  readonly body: unknown;
  /** The response headers, redacted. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(message: string, details: KeywardenErrorDetails = {}) {
    const secrets = [...(details.secrets ?? [])];
    // The cause may hold a secret in its message (some fetch implementations echo the request).
    const cause = details.cause === undefined ? undefined : { cause: redactCause(details.cause, secrets) };
    super(redactText(message, secrets), cause);
    this.name = new.target.name;
    this.status = details.status;
    this.method = details.method;
    this.url = details.url === undefined ? undefined : redactText(details.url, secrets);
    this.reason = details.reason === undefined ? undefined : redactText(details.reason, secrets);
    this.body = redactValue(details.body, secrets);
    this.headers = redactHeaders(details.headers, secrets);
  }

  /** A plain, secret-free object for logs and JSON serialisation. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      method: this.method,
      url: this.url,
      reason: this.reason,
      body: this.body,
      headers: this.headers,
    };
  }
}
