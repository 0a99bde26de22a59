import {
  type ApiKeyRecord,
  DEFAULT_KEY_LIFETIME_MS,
  EXPIRING_SOON_MS,
  type ExpiryState,
  type KeyStatus,
} from "./model.js";

/** A key is expired from the instant `now >= expiresAt` (UTMStack: `!expiresAt.isAfter(now)`). */
export function isExpired(key: Pick<ApiKeyRecord, "expiresAt">, now: number): boolean {
  return key.expiresAt !== null && now >= key.expiresAt;
}

/** EXPIRED, EXPIRING_SOON (within 7 days) or VALID (later, or never). */
export function expiryStateOf(key: Pick<ApiKeyRecord, "expiresAt">, now: number): ExpiryState {
  if (key.expiresAt === null) return "VALID";
  if (now >= key.expiresAt) return "EXPIRED";
  return key.expiresAt - now <= EXPIRING_SOON_MS ? "EXPIRING_SOON" : "VALID";
}

/**
 * The expiry a regenerated key gets: now plus its original lifetime
 * (`expiresAt − (generatedAt ?? createdAt)`), or now plus 7 days when it had no expiry or the
 * expiry lay before its base.
 */
export function slidExpiry(
  key: Pick<ApiKeyRecord, "expiresAt" | "generatedAt" | "createdAt">,
  now: number,
): number {
  const base = key.generatedAt ?? key.createdAt;
  const lifetime =
    key.expiresAt !== null && key.expiresAt >= base ? key.expiresAt - base : DEFAULT_KEY_LIFETIME_MS;
  return now + lifetime;
}

/** Whether one more ACTIVE key would exceed the per-user limit. Revoked keys do not count. */
export function wouldExceedKeyLimit(keys: Iterable<Pick<ApiKeyRecord, "status">>, limit: number): boolean {
  let active = 0;
  for (const key of keys) if (key.status === ("ACTIVE" satisfies KeyStatus)) active++;
  return active >= limit;
}
