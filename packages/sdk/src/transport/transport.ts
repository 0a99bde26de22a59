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

/** The request pipeline under openapi-fetch: credentials, timeouts, retries, renewed logins, hooks. */
export interface Transport {
  /** The pipeline with the defaults (method decides idempotency). */
  fetch: FetchLike;
  /** The pipeline for one call with its own options. */
  fetchFor(call: CallOptions): FetchLike;
}

/**
 * Builds the pipeline. Each attempt sends a fresh copy of the request (the body is buffered once), so
 * retries never resend a consumed stream. The caller's `signal` (on the request) aborts at once, also
 * during a retry wait; the timeout aborts one attempt and surfaces as `TimeoutError`.
 */
export function createTransport(config: TransportConfig): Transport {
  const fetchFor =
    (call: CallOptions): FetchLike =>
    async (request) =>
      send(config, call, request);
  return { fetch: fetchFor({}), fetchFor };
}

async function send(config: TransportConfig, call: CallOptions, request: Request): Promise<Response> {
  const method = request.method.toUpperCase();
  const idempotent = call.idempotent ?? isIdempotentMethod(method);
  const callerSignal = request.signal;
  const body = request.body === null ? undefined : await request.arrayBuffer();
  const path = new URL(request.url).pathname;
  const timeoutMs = call.timeoutMs ?? config.timeoutMs;
  const doFetch = config.fetch ?? ((url: string, init: RequestInit) => globalThis.fetch(url, init));
  let retriesDone = 0;
  let renewed = false;

  for (let attempt = 1; ; attempt++) {
    callerSignal.throwIfAborted();
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
    emit(config.onRequest, { method, path, attempt });
    const started = performance.now();
    let outcome: AttemptOutcome;
    let response: Response | undefined;
    let failure: Error | undefined;
    try {
      response = await doFetch(request.url, init);
      outcome = {
        kind: "response",
        status: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      };
    } catch (error) {
      if (callerSignal.aborted) throw callerSignal.reason;
      const secrets = config.auth.secrets();
      const details = { method, url: request.url, cause: error, secrets };
      if (timing.timedOut()) {
        outcome = { kind: "timeout" };
        failure = new TimeoutError(`${method} ${path} timed out after ${timeoutMs} ms`, details);
      } else {
        outcome = { kind: "connection-error" };
        const reason = error instanceof Error ? error.message : String(error);
        failure = new ConnectionError(
          `${method} ${path} failed without a response: ${redactText(reason, secrets)}`,
          details,
        );
      }
    } finally {
      timing.done();
    }
    const durationMs = performance.now() - started;

    const refusedLogin =
      response?.status === 401 && !renewed && config.auth.kind === "session" && !call.anonymous;
    const decision = refusedLogin
      ? { retry: false as const }
      : decideRetry(outcome, { idempotent, retriesDone }, config.retry);
    emit(config.onResponse, {
      method,
      path,
      attempt,
      status: response?.status,
      durationMs,
      error: failure?.name,
      willRetry: refusedLogin || decision.retry,
    });

    if (refusedLogin) {
      // The session's token expired or was revoked: log in again once and repeat the request.
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

/**
 * Releases the body of a response that will not be read, so the connection can be reused. Not awaited:
 * some fetch implementations (MSW's interceptor among them) settle the cancel only when the body ends.
 */
function discard(response: Response | undefined): void {
  response?.body?.cancel().catch(() => undefined);
}
