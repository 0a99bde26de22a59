import type { Middleware } from "openapi-fetch";
import type { AuthOptions } from "./auth/auth-options.js";
import type { RequestEvent, ResponseEvent } from "./transport/hooks.js";
import type { RetryOptions } from "./transport/retry-policy.js";
import type { FetchFunction } from "./transport/transport.js";

/** Options of {@link createKeywardenClient}. Only `baseUrl` is required. */
export interface KeywardenClientOptions {
  /** The server's origin, e.g. `https://utm.example.com` or `http://127.0.0.1:4010` (no `/api`). */
  baseUrl: string;
  /** How to authenticate: `{ apiKey, header? }`, `{ username, password, bypassTfa? }` or `{ token }`. */
  auth?: AuthOptions;
  /** Per-attempt timeout in ms (default 30000; 0 turns it off). Overridable per call. */
  timeoutMs?: number;
  /** Retry policy for idempotent calls, or `false` to never retry (default: 2 retries, 0.5 s–5 s backoff). */
  retry?: RetryOptions | false;
  /**
   * The `fetch` to use, called as `fetch(url, init)` (default: `globalThis.fetch`, looked up at each call
   * so MSW can intercept it).
   */
  fetch?: FetchFunction;
  /** `User-Agent` sent with every request (default `keywarden-sdk/<version>`; browsers may drop it). */
  userAgent?: string;
  /** Headers added to every request. Credential headers set here are overridden by `auth`. */
  headers?: Record<string, string>;
  /** openapi-fetch middleware, run before the SDK's transport (they never see credentials). */
  middleware?: Middleware[];
  /** Called before each attempt with `{ method, path, attempt }` (no headers, no secrets). */
  onRequest?: (event: RequestEvent) => void;
  /** Called after each attempt with `{ method, path, attempt, status, durationMs, error, willRetry }`. */
  onResponse?: (event: ResponseEvent) => void;
  /** The clock for client-side checks such as "expiresAt is in the future" (default: `() => new Date()`). */
  now?: () => Date;
  /** Validate inputs before sending (default true). The server validates anyway. */
  validateInput?: boolean;
}
