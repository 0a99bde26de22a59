import {
  ConflictError,
  ConnectionError,
  KeywardenError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "@keywarden/sdk";
import {
  NameTakenError,
  PermanentError,
  type PortError,
  RateLimitedError,
  TransientError,
} from "../port-errors.js";

/** When a 429 does not say how long to wait. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * Translates an SDK error into the rotation's error classes. The SDK already redacts secrets from
 * its messages; `operation` names what was being done, for the needs-attention reason.
 */
export function toPortError(operation: string, error: unknown): PortError {
  if (error instanceof RateLimitError) {
    return new RateLimitedError(
      `${operation}: rate limited (429)`,
      error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS,
      {
        cause: error,
      },
    );
  }
  if (error instanceof ServerError || error instanceof TimeoutError || error instanceof ConnectionError) {
    return new TransientError(`${operation}: ${describe(error)}`, { cause: error });
  }
  if (error instanceof ConflictError && /already exists/i.test(error.reason ?? error.message)) {
    return new NameTakenError(`${operation}: ${describe(error)}`, { cause: error });
  }
  if (error instanceof KeywardenError) {
    // 400, 401, 403, 404, 409 (key limit, revoked), client-side validation: a retry cannot help.
    // A 500 the SDK names otherwise (UTMStack v11's "API key not found", a refused key) is retried.
    return error.status !== undefined && error.status >= 500
      ? new TransientError(`${operation}: ${describe(error)}`, { cause: error })
      : new PermanentError(`${operation}: ${describe(error)}`, { cause: error });
  }
  return new TransientError(`${operation}: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}

function describe(error: KeywardenError | Error): string {
  if (error instanceof KeywardenError) {
    const status = error.status === undefined ? "" : `${error.status} `;
    return `${status}${error.reason ?? error.message}`;
  }
  return error.message;
}
