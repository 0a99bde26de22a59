import type { RandomBytes } from "../random.js";

const KEY_ID_BYTES = 16;

/**
 * A public key id: `key_` and 32 lowercase hex digits (the spec's `KeyId`). Drawn from the store's
 * random source, so a seeded mock hands out the same ids on every run.
 */
export function newKeyId(random: RandomBytes): string {
  return `key_${Buffer.from(random(KEY_ID_BYTES)).toString("hex")}`;
}
