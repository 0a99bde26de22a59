/** A signal for one attempt: aborts when the caller aborts or when the attempt's time is up. */
export interface AttemptSignal {
  signal: AbortSignal;
  /** True once the timeout (not the caller) aborted the attempt. */
  timedOut(): boolean;
  /** Stops the timer once the response headers are in; the caller's signal still aborts the body. */
  stopTimer(): void;
}

/**
 * Combines the caller's signal with a per-attempt timeout. The timer is a plain `setTimeout` (not
 * `AbortSignal.timeout`) so the timeout can be told apart from the caller's abort; `AbortSignal.any`
 * keeps no strong reference on a long-lived caller signal.
 */
export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number | undefined): AttemptSignal {
  const timeout = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs === undefined || !Number.isFinite(timeoutMs) || timeoutMs <= 0
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          timeout.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
        }, timeoutMs);
  const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
  return {
    signal,
    timedOut: () => timedOut,
    stopTimer() {
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
