/** Emitted before each attempt. Carries no header and no body, so it can be logged as is. */
export interface RequestEvent {
  /** HTTP method. */
  method: string;
  /** URL path, without query string (e.g. `/api/api-keys/3`). */
  path: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
}

/** Emitted after each attempt, whether it got a response or failed. */
export interface ResponseEvent extends RequestEvent {
  /** HTTP status; undefined when no response arrived. */
  status: number | undefined;
  /** Time from sending to the response headers (or the failure), in ms. */
  durationMs: number;
  /** The error name when the attempt failed without a response (`TimeoutError`, `ConnectionError`). */
  error?: string | undefined;
  /** True when the SDK will try again (retry or renewed login). */
  willRetry: boolean;
}

/** Observers of the transport, for logging and tracing. A hook that throws does not break the call. */
export interface TransportHooks {
  /** Called before each attempt. */
  onRequest?: (event: RequestEvent) => void;
  /** Called after each attempt. */
  onResponse?: (event: ResponseEvent) => void;
}

/** Calls a hook, ignoring its failures: observing a call must never change its outcome. */
export function emit<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // deliberately ignored, see above
  }
}
