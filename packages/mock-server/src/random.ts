import { randomBytes } from "node:crypto";

/**
 * Where the mock's secrets, JWT signing keys, Vault tokens and ids come from. The default is
 * `crypto.randomBytes`; a seeded source makes every answer reproducible (snapshot tests, and the
 * test that both front ends answer byte for byte alike).
 */
export type RandomBytes = (size: number) => Uint8Array;

// One call to the system's generator per 4 KiB instead of one per id (as crypto.randomUUID keeps its
// own pool): a usage document per API-key request made this a visible cost.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let used = 0;

/** Where the next `size` bytes of the pool start (the pool refilled when it has fewer left). */
function drawFromPool(size: number): number {
  if (used + size > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    used = 0;
  }
  const at = used;
  used += size;
  return at;
}

/** `crypto.randomBytes`, drawn from a pool, as a {@link RandomBytes}. */
export const secureRandomBytes: RandomBytes = (size) => {
  if (size > POOL_SIZE / 8) return randomBytes(size);
  const at = drawFromPool(size);
  // a copy: a caller may keep the bytes, and the pool is overwritten on refill
  return Buffer.from(pool.subarray(at, at + size));
};

const HEX_DIGITS = Buffer.from("0123456789abcdef", "latin1");
// Each id is written here and read out as one string. Joining its pieces with `+` would leave a
// chain of a dozen string objects per id for the garbage collector to copy.
const uuidScratch = Buffer.alloc(36, "-");

/** The text of the version 4 UUID (RFC 9562) made of the 16 random bytes at `offset`. */
export function uuidText(bytes: Uint8Array, offset: number): string {
  let at = 0;
  for (let i = 0; i < 16; i++) {
    // a dash before bytes 4, 6, 8 and 10; the version (4) in byte 6, the variant (10) in byte 8
    if (i === 4 || i === 6 || i === 8 || i === 10) at++;
    let byte = bytes[offset + i]!;
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    uuidScratch[at++] = HEX_DIGITS[byte >> 4]!;
    uuidScratch[at++] = HEX_DIGITS[byte & 0x0f]!;
  }
  return uuidScratch.toString("latin1");
}

/**
 * Draws the 16 random bytes of a UUID from the source into `target` at `offset`, for
 * {@link uuidText} to write out later (the default source's pool is copied from, not allocated).
 */
export function drawUuidBytes(random: RandomBytes, target: Uint8Array, offset: number): void {
  if (random !== secureRandomBytes) {
    target.set(random(16), offset);
    return;
  }
  const at = drawFromPool(16); // first: a refill replaces the pool
  // byte by byte: Buffer#copy's argument checks cost more than the copy of 16 bytes
  for (let i = 0; i < 16; i++) target[offset + i] = pool[at + i]!;
}

/** A version 4 UUID (RFC 9562) from the given source, as `crypto.randomUUID` writes one. */
export function randomUuid(random: RandomBytes): string {
  // the pool's bytes are read in place: no copy for an id that is formatted at once
  if (random !== secureRandomBytes) return uuidText(random(16), 0);
  const at = drawFromPool(16); // first: a refill replaces the pool
  return uuidText(pool, at);
}
