/**
 * Error texts as Vault builds them. go-multierror keeps its multi-line format inside one string,
 * which is what a client sees for ACL denials and validation failures.
 */

/** `go-multierror`'s default format: `"1 error occurred:\n\t* msg\n\n"`. */
export function multiError(messages: readonly string[]): string {
  const head = messages.length === 1 ? "1 error occurred:" : `${messages.length} errors occurred:`;
  return `${head}\n${messages.map((m) => `\t* ${m}`).join("\n")}\n\n`;
}

/** Go's `%q` for a string (good enough for printable text: quotes and backslashes escaped). */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** The three 403 bodies of §6, by cause. */
export const PERMISSION_DENIED = {
  /** No token on an authenticated path. */
  missingToken: "permission denied",
  /** Unknown, expired or revoked token (Vault 1.17+). */
  invalidToken: multiError(["permission denied", "invalid token"]),
  /** A valid token whose policies do not grant the capability. */
  aclDenied: multiError(["permission denied"]),
} as const;

/** The 405 body of an operation a known path does not support (`logical.ErrUnsupportedOperation`). */
export const UNSUPPORTED_OPERATION = multiError(["unsupported operation"]);
