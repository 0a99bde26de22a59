import { redactText } from "../errors/redact.js";
import { ConnectionError, type RedirectError, TimeoutError } from "../errors/transport-errors.js";
import { discard, readWhole } from "./answer-body.js";
import { attemptSignal } from "./attempt-signal.js";
import { nextHop } from "./redirects.js";

/** The `fetch` the SDK calls for each attempt, as `fetch(url, init)`; the global `fetch` fits. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A request as every attempt sends it: what openapi-fetch put in its `Request`, with the body read once
 * (bytes), so each attempt can send it again without cloning a stream.
 */
export interface OutgoingRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL, query string included. */
  url: string;
  /** The request's own headers (content type, the client's defaults, middleware's). */
  headers: Headers;
  /**
   * True when those headers belong to this call alone, seen by no middleware: each attempt writes its
   * credentials into them (the same names every time) instead of into a copy.
   */
  headersOwned: boolean;
  /** The body, bytes or JSON text, sent as it is by every attempt. */
  body: ArrayBuffer | string | undefined;
  /** The caller's signal: aborts at once, retry waits included. */
  signal: AbortSignal | undefined;
  redirect: Request["redirect"];
}

/** What one attempt gave: a response (any status), or a failure without one (or a refused redirect). */
export type AttemptResult =
  | { response: Response; failure?: undefined }
  | { response?: undefined; failure: TimeoutError | ConnectionError | RedirectError };

/** What one attempt needs besides the request. */
export interface AttemptSettings {
  fetch: FetchFunction;
  /** Credential headers for this attempt; they replace any header of the same name. */
  credentials: Record<string, string>;
  /** Per-attempt timeout, ms (undefined: none). */
  timeoutMs: number | undefined;
  /** The secrets to keep out of a failure's message and cause. */
  secrets: () => string[];
}

/**
 * Sends one attempt: its redirects (see `redirects.ts`) and, under a timeout, its whole answer body
 * within the timeout. A failure without a response comes back as a `TimeoutError` or
 * `ConnectionError` (its `cause` the error `fetch` threw) so the caller can decide to retry it, a
 * refused redirect as a `RedirectError`; the caller's abort is thrown as the caller's reason, since
 * nothing should follow it.
 */
export async function sendAttempt(
  request: OutgoingRequest,
  settings: AttemptSettings,
): Promise<AttemptResult> {
  const headers = request.headersOwned ? request.headers : new Headers(request.headers);
  for (const [name, value] of Object.entries(settings.credentials)) headers.set(name, value);
  const timing = attemptSignal(request.signal, settings.timeoutMs);
  const init: RequestInit = {
    method: request.method,
    headers,
    body: request.body ?? null,
    // Followed here, by Keywarden's rule, not by fetch's (which keeps custom credential headers).
    redirect: "manual",
  };
  if (timing.signal) init.signal = timing.signal;
  let url = request.url;
  let answered = false;
  try {
    for (let hops = 0; ; hops++) {
      const response = await settings.fetch(url, init);
      const hop = nextHop(response, url, request, settings.secrets, hops);
      if (hop.kind === "answer") {
        answered = true;
        return { response: timing.limited ? await readWhole(response, url, request.headersOwned) : response };
      }
      discard(response);
      if (hop.kind === "refuse") return { failure: hop.error };
      url = hop.to;
    }
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    const failed = { method: request.method, url, secrets: settings.secrets(), answered };
    return {
      failure: timing.timedOut()
        ? timeoutFailure(error, failed, settings.timeoutMs)
        : connectionFailure(error, failed),
    };
  } finally {
    timing.done();
  }
}

/** The request a failure belongs to. */
interface FailedRequest {
  method: string;
  url: string;
  secrets: string[];
  /** True when the answer's headers had come and its body did not (whole). */
  answered?: boolean;
}

/** An attempt aborted by its timeout. */
export function timeoutFailure(
  cause: unknown,
  request: FailedRequest,
  timeoutMs: number | undefined,
): TimeoutError {
  const { method, url, secrets } = request;
  const when = request.answered ? " (the answer's headers had come, its body had not all)" : "";
  return new TimeoutError(`${method} ${pathOf(url)} timed out after ${timeoutMs} ms${when}`, {
    method,
    url,
    cause,
    secrets,
  });
}

/**
 * An attempt that got no response (or lost the answer's body). Node's fetch throws a bare "fetch failed" whose `cause` says what
 * happened (`connect ECONNREFUSED 127.0.0.1:4010`): the message names both, and `code` is the first
 * one found along the causes.
 */
export function connectionFailure(cause: unknown, request: FailedRequest): ConnectionError {
  const { method, url, secrets } = request;
  const reasons: string[] = [];
  let code: string | undefined;
  for (let e: unknown = cause, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message && !reasons.includes(e.message)) reasons.push(e.message);
    const own = (e as { code?: unknown }).code;
    if (code === undefined && typeof own === "string") code = own;
  }
  const reason = reasons.length === 0 ? String(cause) : reasons.join(": ");
  return new ConnectionError(
    `${method} ${pathOf(url)} ${request.answered ? "lost its answer's body" : "failed without a response"}: ${redactText(reason, secrets)}`,
    {
      method,
      url,
      cause,
      code,
      secrets,
    },
  );
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
