/**
 * The errors a port may throw. The worker maps them onto BullMQ: transient → retry with backoff,
 * rate-limited → pause the queue without burning an attempt, permanent → fail at once and mark the
 * rotation `needs-attention`. Messages never contain secrets.
 */

/** Base class: `reason` is a short, secret-free explanation for logs and `status`. */
export abstract class PortError extends Error {
  abstract readonly kind: "transient" | "rate-limited" | "permanent";
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = new.target.name;
  }
}

/** A failure that may go away on retry: 5xx, timeouts, connection errors, Vault sealed. */
export class TransientError extends PortError {
  readonly kind = "transient" as const;
}

/** The service asked us to slow down (HTTP 429); retry after `retryAfterMs`. */
export class RateLimitedError extends PortError {
  readonly kind = "rate-limited" as const;
  constructor(
    reason: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/** A failure a retry cannot fix: 400/401/403/404, key limit reached, Vault path forbidden. */
export class PermanentError extends PortError {
  readonly kind = "permanent" as const;
}

/** Creating a key failed because the name is already in use (the rotation then adopts that key). */
export class NameTakenError extends PermanentError {}

/** A KV v2 check-and-set write lost against another writer: re-read and try again. */
export class CasMismatchError extends TransientError {}

/** True for the errors defined here (as opposed to bugs). */
export function isPortError(error: unknown): error is PortError {
  return error instanceof PortError;
}
