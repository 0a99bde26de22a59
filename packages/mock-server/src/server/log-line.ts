import type { RequestLogEntry } from "./node-adapter.js";

/**
 * The CLI's one line per request: time, method, path (with `access_token` redacted), status,
 * duration and address. Never a header or a body, so no credential or secret can appear.
 */
export function formatLogLine(entry: RequestLogEntry, now = new Date()): string {
  return `${now.toISOString()} ${entry.method} ${entry.path} ${entry.status} ${entry.durationMs}ms ${entry.address}`;
}
