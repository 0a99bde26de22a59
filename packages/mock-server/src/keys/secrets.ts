import { hash, timingSafeEqual } from "node:crypto";
import { SCHEMA_CONSTRAINTS } from "@keywarden/rules";
import { type RandomBytes, secureRandomBytes } from "../random.js";

/** A new key secret: 32 random bytes as unpadded base64url, 43 characters (what UTMStack issues). */
export function generateSecret(random: RandomBytes = secureRandomBytes): string {
  return Buffer.from(random(32)).toString("base64url");
}

/** SHA-256 of a secret. Only this is stored; the plaintext is returned once and forgotten. */
export function hashSecret(secret: string): Buffer {
  // the one-shot digest: no Hash object per request, as every API-key request hashes its secret
  return hash("sha256", secret, "buffer");
}

/**
 * SHA-256 of an API key's secret, as hex: what a key stores and is found by. Comparing digests, not
 * secrets, tells a timing attacker nothing about a secret (it would need SHA-256 preimages), and a
 * string digest spares every API-key request a buffer.
 */
export function secretDigest(secret: string): string {
  return hash("sha256", secret, "hex");
}

/** Compares a stored hash with the {@link hashSecret} of a presented secret, in constant time. */
export function hashesMatch(storedHash: Buffer, presentedHash: Buffer): boolean {
  return presentedHash.length === storedHash.length && timingSafeEqual(presentedHash, storedHash);
}

const SECRET_SHAPE = new RegExp(SCHEMA_CONSTRAINTS.ApiKeySecret.pattern);

/** True when the text has the shape of an issued secret (the spec's `ApiKeySecret`: 43 base64url characters). */
export function looksLikeSecret(text: string): boolean {
  return SECRET_SHAPE.test(text);
}
