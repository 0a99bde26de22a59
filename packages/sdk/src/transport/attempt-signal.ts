/** A signal for one attempt: aborts when the caller aborts or when the attempt's time is up. */
export interface AttemptSignal {
  /** The signal to give `fetch` (undefined: nothing can abort this attempt). */
  signal: AbortSignal | undefined;
  /** True once the timeout (not the caller) aborted the attempt. */
  timedOut(): boolean;
  /** Stops the timer and forgets the caller's signal; call once the response headers are in. */
  done(): void;
}

/**
 * Combines the caller's signal with a per-attempt timeout. Creating abort signals is costly in Node
 * (`AbortSignal.any` especially), so this makes at most one controller, and none without a timeout.
 * A plain `setTimeout` (not `AbortSignal.timeout`) tells the timeout apart from the caller's abort.
 */
export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number | undefined): AttemptSignal {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    return { signal: caller, timedOut: () => false, done: () => undefined };
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
    timedOut: () => timedOut,
    done() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", forward);
    },
  };
}
