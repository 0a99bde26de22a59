import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Paths pino censors in every log line. The rotation never logs secrets on purpose; this is the
 * belt to those braces, for fields a future change might add.
 */
export const REDACT_PATHS = [
  "api_key",
  "apiKey",
  "secret",
  "token",
  "password",
  "secretId",
  "secret_id",
  "client_token",
  "*.api_key",
  "*.apiKey",
  "*.secret",
  "*.token",
  "*.password",
  "*.secretId",
  "*.secret_id",
  "*.client_token",
  "*.headers.authorization",
  "*.headers['utm-api-key']",
  "*.headers['x-api-key']",
  "*.headers['x-vault-token']",
];

/** Creates the JSON logger (one line per event), writing to stdout unless a stream is given. */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "keywarden-rotator" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

export type { Logger };
