import { createHash } from "node:crypto";
import type { RotatorConfig } from "./types.js";

/**
 * A short fingerprint of the whole configuration, kept with a rotation that needed attention for a
 * permanent reason: when the fingerprint differs at a later scan, someone changed a setting (a new
 * Vault token, a fixed policy), so the rotation is tried again. Secrets are part of what changes, so
 * they are hashed in; the result is cut to 32 bits on purpose, too short to test guesses of a
 * secret against, long enough to notice a change.
 */
export function configFingerprint(config: RotatorConfig): string {
  return createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 8);
}
