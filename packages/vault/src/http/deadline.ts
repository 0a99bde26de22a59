import { HttpDeadlineError } from "./errors.js";

/** Called with the reason when the request must stop: it aborts the exchange in flight. */
export type AbortExchange = (reason: unknown) => void;

/**
 * One request's deadline, redirects included: its time limit or the caller's own signal, whichever
 * comes first. A plain timer and one listener on the caller's signal, both removed by `finish`: an
 * AbortController per request would cost more, and undici's dispatch takes an abort callback anyway.
 */
export class Deadline {
  #reason: unknown;
  #timer: NodeJS.Timeout | undefined;
  #exchange: AbortExchange | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort = () => this.#stop(this.#caller?.reason);

  constructor(ms: number, caller: AbortSignal | undefined) {
    this.#caller = caller;
    if (caller?.aborted) {
      this.#reason = caller.reason;
      return;
    }
    this.#timer = setTimeout(() => this.#stop(new HttpDeadlineError(ms)), ms);
    caller?.addEventListener("abort", this.#onCallerAbort, { once: true });
  }

  /** Why the request stopped, once it has; undefined while it may go on. */
  get reason(): unknown {
    return this.#reason;
  }

  /** The exchange now in flight (one per redirect hop); it is aborted when the request stops. */
  watch(exchange: AbortExchange | undefined): void {
    this.#exchange = exchange;
  }

  /** Stops the timer and forgets the caller's signal: call when the request is over, however it ended. */
  finish(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onCallerAbort);
    this.#exchange = undefined;
  }

  #stop(reason: unknown): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#exchange?.(reason);
    this.finish();
  }
}
