import type { KvConfig, KvKey, KvOutcome } from "./types.js";
import { badRequest } from "./types.js";

/**
 * Check-and-set as `validateCheckAndSetOption` does it: `options.cas` is weakly decoded to an integer
 * and must equal `current_version` (0 for a missing key); it is mandatory when the mount or the key
 * sets `cas_required`. Returns an error outcome, or `undefined` when the write may go ahead.
 */
export function checkAndSet(
  options: unknown,
  key: KvKey | undefined,
  config: KvConfig,
): KvOutcome | undefined {
  const casRaw =
    options && typeof options === "object" ? (options as Record<string, unknown>).cas : undefined;
  const required = config.casRequired || (key?.casRequired ?? false);
  if (casRaw === undefined || casRaw === null) {
    return required ? badRequest("check-and-set parameter required for this call") : undefined;
  }
  const cas = weakInteger(casRaw);
  if (cas === undefined) return badRequest("error parsing check-and-set parameter");
  if (cas !== (key?.currentVersion ?? 0))
    return badRequest("check-and-set parameter did not match the current version");
  return undefined;
}

/** mapstructure's weak decoding to int: `3`, `3.0`, `"3"`, `true`. */
export function weakInteger(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    if (value === "") return 0;
    return /^[-+]?\d+$/.test(value.trim()) ? Number.parseInt(value, 10) : undefined;
  }
  return undefined;
}
