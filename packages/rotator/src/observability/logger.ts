import pino, { type DestinationStream, type Logger } from "pino";
import { redactCredentials, redactRecord } from "./redact.js";

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

/**
 * Creates the JSON logger (one line per event), writing to stdout unless a stream is given. Beyond
 * the censored fields ({@link REDACT_PATHS}), every string in a line — message, fields, errors and
 * their causes — has URL credentials (`user:password@`) and secret query values removed, because
 * library errors quote the URLs they were given. (Child bindings are not rewritten: pass ids there.)
 */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "keywarden-rotator" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      formatters: { log: (record) => redactRecord(record, serializeError) },
      serializers: {
        // Errors were already turned into records (and redacted) by the log formatter.
        err: (value: unknown) => (value instanceof Error ? serializeError(value) : value),
        msg: (message: unknown) => (typeof message === "string" ? redactCredentials(message) : message),
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

const serializeError = (error: Error): unknown => pino.stdSerializers.err(error);

export type { Logger };
