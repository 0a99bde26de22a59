/** Options every SDK method accepts as its last argument. */
export interface RequestOptions {
  /** Aborts the call at once, including any retry wait; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout for this call, in ms (overrides the client's `timeoutMs`). */
  timeoutMs?: number | undefined;
}
