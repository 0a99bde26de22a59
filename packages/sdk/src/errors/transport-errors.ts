import { KeywardenError, type KeywardenErrorDetails } from "./keywarden-error.js";

/** The request took longer than `timeoutMs` (per client or per call) and was aborted. */
export class TimeoutError extends KeywardenError {}

/** Details of a {@link ConnectionError}. */
export interface ConnectionErrorDetails extends KeywardenErrorDetails {
  /** The network error's code, e.g. `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`. */
  code?: string | undefined;
}

/**
 * No response arrived: DNS failure, refused or reset connection, TLS failure, a network error. `cause`
 * is the error `fetch` threw (Node's says what happened in its own `cause`: code, address, port), and
 * `code` the first code found along those causes.
 */
export class ConnectionError extends KeywardenError {
  /** The network error's code, e.g. `ECONNREFUSED` (undefined when the fetch implementation gave none). */
  readonly code: string | undefined;

  constructor(message: string, details: ConnectionErrorDetails = {}) {
    super(message, details);
    this.code = details.code;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code };
  }
}

/**
 * The server answered with a redirect the SDK does not follow: to another origin (where the
 * credentials and the body would go), from https to http, a 301/302/303 that would turn a write into
 * a read, more than three in a row, or any redirect in a browser (which hides where it points).
 * `status` is the redirect's. Not retried.
 */
export class RedirectError extends KeywardenError {}

/** The server answered 2xx with a body the SDK cannot read as the documented shape. */
export class UnexpectedResponseError extends KeywardenError {}
