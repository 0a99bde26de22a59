/**
 * The logger the Vault client writes to: pino's `(object, message)` signature, so a pino logger fits.
 * The client never passes a token, a secret ID or a secret value to it.
 */
export interface VaultLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
