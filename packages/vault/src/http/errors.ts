/**
 * Why the HTTP stack gave up on a request without an answer to hand back. Messages name the method,
 * the origin and path (never a query, a header or a body), so they are safe in logs and in the
 * failure reasons kept in Redis; `code` is what the Vault client's `VaultConnectionError` reports.
 */
export class HttpStackError extends Error {
  override name = "HttpStackError";
  constructor(
    message: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The request's deadline (`requestMs`; the rotator's `KEYWARDEN_REQUEST_TIMEOUT`) passed before its answer was complete. */
export class HttpDeadlineError extends HttpStackError {
  override name = "HttpDeadlineError";
  constructor(readonly deadlineMs: number) {
    super(`no complete answer within the ${deadlineMs} ms request deadline`, "ERR_REQUEST_DEADLINE");
  }
}

/** A redirect the stack does not follow (see `redirects.ts` for the rules). */
export class HttpRedirectError extends HttpStackError {
  override name = "HttpRedirectError";
  constructor(message: string) {
    super(message, "ERR_REDIRECT_REFUSED");
  }
}
