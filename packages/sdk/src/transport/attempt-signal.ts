/** A signal for one attempt: aborts when the caller aborts or when the attempt's time is up. */
export interface AttemptSignal {
  /** The signal to give `fetch` (undefined: nothing can abort this attempt). */
  signal: AbortSignal | undefined;
  /** True once the timeout (not the caller) aborted the attempt. */
  timedOut(): boolean;
  /** True when the attempt has a time limit (its answer must then be read whole before `done`). */
  readonly limited: boolean;
  /** Stops the timer and forgets the caller's signal; call once the answer has been read. */
  done(): void;
}

const NO_TIMEOUT_HOOKS = { limited: false, timedOut: () => false, done: () => undefined };

/**
 * Combines the caller's signal with a per-attempt timeout. The `Request` openapi-fetch builds always
 * carries a signal (the caller's, or one that never aborts), so the timeout is a controller of our own
 * that follows it, and a plain `setTimeout` tells the timeout apart from the caller's abort
 * (`AbortSignal.any` would too, but creating signals is costly in Node, that one especially). Without
 * a timeout no signal is made: the caller's goes to `fetch` as it is.
 */
export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number | undefined): AttemptSignal {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    return { signal: caller, ...NO_TIMEOUT_HOOKS };
  }
  const controller = new AbortController();
  let timedOut = false;
  const forward = () => controller.abort(caller?.reason);
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener("abort", forward, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  return {
    signal: controller.signal,
    limited: true,
    timedOut: () => timedOut,
    done() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", forward);
    },
  };
}
