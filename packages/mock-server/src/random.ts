import { randomBytes } from "node:crypto";

/**
 * Where the mock's secrets, JWT signing keys, Vault tokens and ids come from. The default is
 * `crypto.randomBytes`; a seeded source makes every answer reproducible (snapshot tests, and the
 * test that both front ends answer byte for byte alike).
 */
export type RandomBytes = (size: number) => Uint8Array;

/** `crypto.randomBytes`, as a {@link RandomBytes}. */
export const secureRandomBytes: RandomBytes = (size) => randomBytes(size);

/** A version 4 UUID (RFC 9562) from the given source, as `crypto.randomUUID` writes one. */
export function randomUuid(random: RandomBytes): string {
  const bytes = Buffer.from(random(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
