import { KeywardenError, type KeywardenErrorDetails } from "./keywarden-error.js";

/** The server answered with an error status. Subclasses name the usual cases; this class covers the rest. */
export class ApiError extends KeywardenError {}

/** 401: no credentials, bad credentials, an expired token, a refused API key (and 412/423 from login). */
export class AuthenticationError extends ApiError {}

/** 403: authenticated, but without the permission the call needs (e.g. `api.key.create`). */
export class PermissionError extends ApiError {}

/** 404, or UTMStack v11's 500 whose reason ends in "API key not found" (another user's key looks the same). */
export class NotFoundError extends ApiError {}

/** 409: a key with that name exists, the key limit is reached, or the key is already revoked. */
export class ConflictError extends ApiError {}

/** 400 from the server, or input the SDK refused before sending (see {@link KeywardenValidationError}). */
export class ValidationError extends ApiError {}

/** Details of a 429. */
export interface RateLimitErrorDetails extends KeywardenErrorDetails {
  /** How long the server asked the client to wait (from `Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined;
}

/** 429: too many requests. `retryAfterMs` says how long the server asked to wait, when it said. */
export class RateLimitError extends ApiError {
  /** Milliseconds the server asked the client to wait before retrying, from `Retry-After`. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: RateLimitErrorDetails = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** 5xx: the server failed (UTMStack answers most unexpected failures with 500). */
export class ServerError extends ApiError {}
