import type { AuthProvider } from "../auth/auth-provider.js";
import { RedirectError, TimeoutError } from "../errors/transport-errors.js";
import { discard } from "./answer-body.js";
import { emit, type TransportHooks } from "./hooks.js";
import { PlainRequest } from "./plain-request.js";
import { parseRetryAfter } from "./retry-after.js";
import {
  type AttemptOutcome,
  decideRetry,
  isIdempotentMethod,
  type ResolvedRetryOptions,
} from "./retry-policy.js";
import { type AttemptResult, type FetchFunction, type OutgoingRequest, sendAttempt } from "./send-attempt.js";

export type { FetchFunction } from "./send-attempt.js";

/** What openapi-fetch calls through its `fetch` option: a `fetch` that takes the `Request` it built. */
export type FetchLike = (request: Request) => Promise<Response>;

/** Everything the transport needs, resolved by the client. */
export interface TransportConfig extends TransportHooks {
  /** The fetch to call; `undefined` means `globalThis.fetch`, looked up at call time (so MSW can patch it). */
  fetch?: FetchFunction | undefined;
  retry: ResolvedRetryOptions;
  /** Default per-attempt timeout, ms (undefined: none). */
  timeoutMs: number | undefined;
  auth: AuthProvider;
}

/** How one call may be sent: what the resource method knows and the HTTP method does not say. */
export interface CallOptions {
  /** Whether the call may be repeated safely. Defaults to the method's HTTP semantics (POST: no). */
  idempotent?: boolean | undefined;
  /** Per-attempt timeout for this call, ms; overrides the client's. */
  timeoutMs?: number | undefined;
  /** Send without credentials (login itself). */
  anonymous?: boolean | undefined;
}

/**
 * The SDK's `fetch` beneath openapi-fetch. It sits below the middleware on purpose: credentials are
 * added per attempt, so middleware never sees them and a renewed login or re-read key reaches the
 * repeated attempt; retries re-send the body read once here.
 */
export interface Transport {
  /** The `fetch` for one call with its own options: give it to openapi-fetch as the call's `fetch`. */
  forCall(call: CallOptions): FetchLike;
}

/** Builds the transport. Each attempt sends a fresh copy of the request. */
export function createTransport(config: TransportConfig): Transport {
  return {
    forCall: (call) => async (request) => sendCall(config, call, await readRequest(request)),
  };
}

/** Reads the `Request` openapi-fetch built into what every attempt sends (its body read once). */
async function readRequest(request: Request): Promise<OutgoingRequest> {
  if (request instanceof PlainRequest) {
    return {
      method: request.method,
      url: request.url,
      headers: request.headers,
      headersOwned: true,
      body: request.sentBody,
      signal: request.callerSignal,
      redirect: request.redirect,
    };
  }
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    headers: request.headers,
    headersOwned: false,
    body: request.body === null ? undefined : await request.arrayBuffer(),
    signal: request.signal,
    redirect: request.redirect,
  };
}

/**
 * Sends a call: attempt after attempt until one gives an answer to keep. Between attempts it logs in
 * again (or re-reads a supplied key) once after a 401, and retries what the retry policy says. The
 * caller's signal aborts at once, during a retry wait too; hooks see every attempt.
 */
async function sendCall(
  config: TransportConfig,
  call: CallOptions,
  request: OutgoingRequest,
): Promise<Response> {
  const { method } = request;
  const idempotent = call.idempotent ?? isIdempotentMethod(method);
  const timeoutMs = call.timeoutMs ?? config.timeoutMs;
  const fetch = config.fetch ?? globalFetch;
  let pathname: string | undefined;
  // Only hooks need the path: parse the URL for them alone.
  const pathOf = () => (pathname ??= new URL(request.url).pathname);
  let retriesDone = 0;
  let renewed = false;

  for (let attempt = 1; ; attempt++) {
    request.signal?.throwIfAborted();
    const credentials = call.anonymous ? {} : await config.auth.headers();
    if (config.onRequest) emit(config.onRequest, { method, path: pathOf(), attempt });
    const started = config.onResponse ? performance.now() : 0;
    const result = await sendAttempt(request, {
      fetch,
      credentials,
      timeoutMs,
      secrets: config.auth.secrets,
    });
    const { response, failure } = result;
    // A refused redirect would be refused again: no retry, no hook's `willRetry`.
    if (failure instanceof RedirectError) throw failure;

    const renewLogin = response?.status === 401 && !renewed && config.auth.renewable && !call.anonymous;
    const decision = renewLogin
      ? { retry: false as const }
      : decideRetry(outcomeOf(result, config.retry), { idempotent, retriesDone }, config.retry);
    if (config.onResponse) {
      emit(config.onResponse, {
        method,
        path: pathOf(),
        attempt,
        status: response?.status,
        durationMs: performance.now() - started,
        error: failure?.name,
        willRetry: renewLogin || decision.retry,
      });
    }

    if (renewLogin) {
      // The session's token expired or was revoked (log in again), or the API key was rotated (read it
      // again): once, then repeat the request.
      renewed = true;
      if (await config.auth.renew(credentials)) {
        discard(response);
        continue;
      }
      return response;
    }
    if (!decision.retry) {
      if (failure) throw failure;
      return response;
    }
    discard(response);
    retriesDone++;
    await config.retry.sleep(decision.delayMs, request.signal);
  }
}

/** What the retry policy needs to know about an attempt. */
function outcomeOf(result: AttemptResult, retry: ResolvedRetryOptions): AttemptOutcome {
  if (result.failure)
    return { kind: result.failure instanceof TimeoutError ? "timeout" : "connection-error" };
  const status = result.response.status;
  // `Retry-After` matters only on a status that may be retried (decideRetry looks no further).
  const retryAfterMs = retry.statuses.includes(status)
    ? parseRetryAfter(result.response.headers.get("retry-after"))
    : undefined;
  return { kind: "response", status, retryAfterMs };
}

/** The global `fetch`, looked up at each call so MSW (or any later patch) is used. */
function globalFetch(url: string, init: RequestInit): Promise<Response> {
  return globalThis.fetch(url, init);
}
