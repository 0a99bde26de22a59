import { randomBytes, randomUUID } from "node:crypto";

/**
 * Where the mock's secrets, JWT signing keys, Vault tokens and ids come from. The default is
 * `crypto.randomBytes`; a seeded source makes every answer reproducible (snapshot tests, and the
 * test that both front ends answer byte for byte alike).
 */
export type RandomBytes = (size: number) => Uint8Array;

// One call to the system's generator per 4 KiB instead of one per id, as crypto.randomUUID keeps
// its own pool: a usage document per API-key request made this a visible cost.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let used = 0;

/** `crypto.randomBytes`, drawn from a pool, as a {@link RandomBytes}. */
export const secureRandomBytes: RandomBytes = (size) => {
  if (size > POOL_SIZE / 8) return randomBytes(size);
  if (used + size > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    used = 0;
  }
  // a copy: a caller may keep the bytes, and the pool is overwritten on refill
  const bytes = Buffer.from(pool.subarray(used, used + size));
  used += size;
  return bytes;
};

/** A version 4 UUID (RFC 9562) from the given source, as `crypto.randomUUID` writes one. */
export function randomUuid(random: RandomBytes): string {
  // the platform's own is faster, and draws from the same generator
  if (random === secureRandomBytes) return randomUUID();
  const bytes = Buffer.from(random(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
