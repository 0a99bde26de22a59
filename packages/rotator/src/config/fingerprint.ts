import { createHash } from "node:crypto";
import type { RotatorConfig } from "./types.js";

/**
 * A short fingerprint of the settings a rotation depends on, kept with a rotation that needed attention for a
 * permanent reason: when the fingerprint differs at a later scan, someone changed a setting (a new
 * Vault token, a fixed policy), so the rotation is tried again. Secrets are part of what changes, so
 * they are hashed in; the result is cut to 32 bits on purpose, too short to test guesses of a
 * secret against, long enough to notice a change.
 */
export function configFingerprint(config: RotatorConfig): string {
  // Only what can make a rotation fail for good: a changed log level, port or concurrency (or one
  // replica's environment differing in those) must not retry every permanent failure.
  const relevant = {
    keywarden: config.keywarden,
    vault: config.vault,
    policies: config.policies,
    rotateWithin: config.rotateWithin,
    rotatorAddress: config.rotatorAddress,
  };
  return createHash("sha256").update(JSON.stringify(relevant)).digest("hex").slice(0, 8);
}
