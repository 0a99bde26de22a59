import type { AuthProvider } from "../auth/auth-provider.js";
import { redactText } from "../errors/redact.js";
import { ConnectionError, TimeoutError } from "../errors/transport-errors.js";
import { attemptSignal } from "./attempt-signal.js";
import { emit, type TransportHooks } from "./hooks.js";
import { parseRetryAfter } from "./retry-after.js";
import {
  type AttemptOutcome,
  decideRetry,
  isIdempotentMethod,
  type ResolvedRetryOptions,
} from "./retry-policy.js";

/** What openapi-fetch calls: a `fetch` that takes a `Request`. */
export type FetchLike = (input: Request) => Promise<Response>;

/** The `fetch` the transport calls for each attempt; the global `fetch` fits. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** Everything the transport needs, resolved by the client. */
export interface TransportConfig extends TransportHooks {
  /** The fetch to call; `undefined` means `globalThis.fetch`, looked up at call time (so MSW can patch it). */
  fetch?: FetchFunction | undefined;
  retry: ResolvedRetryOptions;
  /** Default per-attempt timeout, ms (undefined: none). */
  timeoutMs: number | undefined;
  auth: AuthProvider;
  /** Extra headers for every request (e.g. `user-agent`). */
  headers: Record<string, string>;
}

/** Options of one call, set by the resource methods (or by a raw-client user through `transport.fetchFor`). */
export interface CallOptions {
  /** Whether the call may be repeated safely. Defaults to the method's HTTP semantics (POST: no). */
  idempotent?: boolean | undefined;
  /** Per-attempt timeout for this call, ms; overrides the client's. */
  timeoutMs?: number | undefined;
  /** Send without credentials (used by login itself). */
  anonymous?: boolean | undefined;
}

/**
 * A request as the transport sends it on every attempt. Unlike a `Request`, its body is already buffered
 * (a string or bytes), so each attempt can send it again without cloning a stream.
 */
export interface OutgoingRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL, query string included. */
  url: string;
  /** The request's own headers (content type, middleware's); the transport adds its own and credentials. */
  headers: HeadersInit | undefined;
  body: string | ArrayBuffer | undefined;
  /** The caller's signal: aborts at once, retry waits included. */
  signal: AbortSignal | undefined;
  redirect: RequestRedirect;
}

/** The request pipeline under openapi-fetch: credentials, timeouts, retries, renewed logins, hooks. */
export interface Transport {
  /** The pipeline with the defaults (method decides idempotency). */
  fetch: FetchLike;
  /** The pipeline for one call with its own options. */
  fetchFor(call: CallOptions): FetchLike;
  /** The same pipeline for a request that is already buffered (no `Request` is built to carry it). */
  send(call: CallOptions, request: OutgoingRequest): Promise<Response>;
  /** The options a function made by {@link Transport.fetchFor} carries; undefined for any other value. */
  callOptionsOf(fetch: unknown): CallOptions | undefined;
}

/**
 * Builds the pipeline. Each attempt sends a fresh copy of the request (the body is buffered once), so
 * retries never resend a consumed stream. The caller's `signal` (on the request) aborts at once, also
 * during a retry wait; the timeout aborts one attempt and surfaces as `TimeoutError`.
 */
export function createTransport(config: TransportConfig): Transport {
  const optionsOf = new WeakMap<FetchLike, CallOptions>();
  const make = (call: CallOptions): FetchLike => {
    const fetchLike: FetchLike = async (request) => send(config, call, await buffered(request));
    optionsOf.set(fetchLike, call);
    return fetchLike;
  };
  // Resource methods ask for one of a few option sets on nearly every call: make each function once.
  const common = new Map<string, FetchLike>();
  const fetchFor = (call: CallOptions): FetchLike => {
    if (call.timeoutMs !== undefined) return make({ ...call });
    const key = `${call.idempotent}:${call.anonymous}`;
    let fetchLike = common.get(key);
    if (fetchLike === undefined) {
      fetchLike = make({ idempotent: call.idempotent, anonymous: call.anonymous });
      common.set(key, fetchLike);
    }
    return fetchLike;
  };
  return {
    fetch: fetchFor({}),
    fetchFor,
    send: (call, request) => send(config, call, request),
    callOptionsOf: (fetch) => optionsOf.get(fetch as FetchLike),
  };
}

/** Reads a `Request` into the transport's shape (its body buffered once for every attempt). */
async function buffered(request: Request): Promise<OutgoingRequest> {
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    headers: request.headers,
    body: request.body === null ? undefined : await request.arrayBuffer(),
    signal: request.signal,
    redirect: request.redirect,
  };
}

async function send(config: TransportConfig, call: CallOptions, request: OutgoingRequest): Promise<Response> {
  const { method, body } = request;
  const idempotent = call.idempotent ?? isIdempotentMethod(method);
  const callerSignal = request.signal;
  let pathname: string | undefined;
  // Only hooks and failures need the path: parse the URL for them alone.
  const pathOf = () => (pathname ??= new URL(request.url).pathname);
  const timeoutMs = call.timeoutMs ?? config.timeoutMs;
  const doFetch = config.fetch ?? globalFetch;
  let retriesDone = 0;
  let renewed = false;

  for (let attempt = 1; ; attempt++) {
    callerSignal?.throwIfAborted();
    const authHeaders = call.anonymous ? {} : await config.auth.headers();
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(config.headers))
      if (!headers.has(name)) headers.set(name, value);
    for (const [name, value] of Object.entries(authHeaders)) headers.set(name, value);

    const timing = attemptSignal(callerSignal, timeoutMs);
    const init: RequestInit = {
      method,
      headers,
      body: body === undefined ? null : body,
      redirect: request.redirect,
    };
    if (timing.signal) init.signal = timing.signal;
    if (config.onRequest) emit(config.onRequest, { method, path: pathOf(), attempt });
    const started = config.onResponse ? performance.now() : 0;
    let outcome: AttemptOutcome;
    let response: Response | undefined;
    let failure: Error | undefined;
    try {
      response = await doFetch(request.url, init);
      const status = response.status;
      // `Retry-After` matters only on a status that may be retried (decideRetry looks no further).
      const retryAfterMs = config.retry.statuses.includes(status)
        ? parseRetryAfter(response.headers.get("retry-after"))
        : undefined;
      outcome = { kind: "response", status, retryAfterMs };
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      const secrets = config.auth.secrets();
      const details = { method, url: request.url, cause: error, secrets };
      if (timing.timedOut()) {
        outcome = { kind: "timeout" };
        failure = new TimeoutError(`${method} ${pathOf()} timed out after ${timeoutMs} ms`, details);
      } else {
        outcome = { kind: "connection-error" };
        const reason = error instanceof Error ? error.message : String(error);
        failure = new ConnectionError(
          `${method} ${pathOf()} failed without a response: ${redactText(reason, secrets)}`,
          details,
        );
      }
    } finally {
      timing.done();
    }
    const durationMs = config.onResponse ? performance.now() - started : 0;

    const refusedLogin = response?.status === 401 && !renewed && config.auth.renewable && !call.anonymous;
    const decision = refusedLogin
      ? { retry: false as const }
      : decideRetry(outcome, { idempotent, retriesDone }, config.retry);
    if (config.onResponse) {
      emit(config.onResponse, {
        method,
        path: pathOf(),
        attempt,
        status: response?.status,
        durationMs,
        error: failure?.name,
        willRetry: refusedLogin || decision.retry,
      });
    }

    if (refusedLogin) {
      // The session's token expired or was revoked (log in again), or the API key was rotated (read
      // it again): once, then repeat the request.
      renewed = true;
      if (await config.auth.renew(authHeaders)) {
        discard(response);
        continue;
      }
      return response as Response;
    }
    if (!decision.retry) {
      if (failure) throw failure;
      return response as Response;
    }
    discard(response);
    retriesDone++;
    await config.retry.sleep(decision.delayMs, callerSignal);
  }
}

/** The global `fetch`, looked up at each call so MSW (or any later patch) is used. */
function globalFetch(url: string, init: RequestInit): Promise<Response> {
  return globalThis.fetch(url, init);
}

/**
 * Releases the body of a response that will not be read, so the connection can be reused. Not awaited:
 * some fetch implementations (MSW's interceptor among them) settle the cancel only when the body ends.
 */
function discard(response: Response | undefined): void {
  response?.body?.cancel().catch(() => undefined);
}
