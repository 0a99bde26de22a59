/** Runs one attempt's `fetch` under its deadline. */
export interface AttemptDeadline {
  /**
   * Calls `fetch` with the signal to pass on (the caller's, a combined one, or none) and settles
   * with its response, or rejects once the time is up.
   */
  run(fetch: (signal: AbortSignal | undefined) => Promise<Response>): Promise<Response>;
  /** True once the deadline (not the caller) ended the attempt. */
  timedOut(): boolean;
}

/**
 * How an attempt that runs out of time is ended:
 * - `abort`: the request carries an abort signal that the timer fires, so the connection is closed;
 * - `abandon`: the call rejects when the timer fires and the request is left to finish on its own,
 *   its response discarded when it comes (Node's fetch closes a silent connection after 300 s).
 *
 * A signal on every request costs about a tenth of a loopback call's CPU in Node 20's fetch, so a
 * client abandons until it first sees a timeout, and aborts from then on (see transport.ts).
 */
export type DeadlineMode = "abort" | "abandon";

const NO_DEADLINE = (caller: AbortSignal | undefined): AttemptDeadline => ({
  run: (fetch) => fetch(caller),
  timedOut: () => false,
});

/**
 * The deadline of one attempt: the caller's signal always reaches `fetch` (a caller's abort closes
 * the request at once); the timeout ends the attempt as `mode` says and rejects with a
 * `TimeoutError` DOMException.
 * @param onTimeout called when the timer ends the attempt
 */
export function attemptDeadline(
  caller: AbortSignal | undefined,
  timeoutMs: number | undefined,
  mode: DeadlineMode,
  onTimeout: () => void,
): AttemptDeadline {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs) || timeoutMs <= 0) return NO_DEADLINE(caller);
  let timedOut = false;
  const expire = () => {
    timedOut = true;
    onTimeout();
    return new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError");
  };
  return {
    run:
      mode === "abort"
        ? (fetch) => runAborting(fetch, caller, timeoutMs, expire)
        : (fetch) => runAbandoning(fetch, caller, timeoutMs, expire),
    timedOut: () => timedOut,
  };
}

/** One controller for the caller's abort and the timer (`AbortSignal.any` costs more in Node 20). */
async function runAborting(
  fetch: (signal: AbortSignal) => Promise<Response>,
  caller: AbortSignal | undefined,
  timeoutMs: number,
  expire: () => DOMException,
): Promise<Response> {
  const controller = new AbortController();
  const forward = () => controller.abort(caller?.reason);
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener("abort", forward, { once: true });
  const timer = setTimeout(() => controller.abort(expire()), timeoutMs);
  try {
    return await fetch(controller.signal);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", forward);
  }
}

function runAbandoning(
  fetch: (signal: AbortSignal | undefined) => Promise<Response>,
  caller: AbortSignal | undefined,
  timeoutMs: number,
  expire: () => DOMException,
): Promise<Response> {
  const pending = fetch(caller);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      // release the connection whenever the abandoned response arrives
      pending.then((response) => response.body?.cancel().catch(() => undefined)).catch(() => undefined);
      reject(expire());
    }, timeoutMs);
  });
  return Promise.race([pending, deadline]).finally(() => clearTimeout(timer));
}
