import {
  type ApiKeyStatus,
  PERMISSIONS as SPEC_PERMISSIONS,
  type ExpiryState as SpecExpiryState,
  type Permission as SpecPermission,
} from "@keywarden/rules";

/** The four permissions of the key service (seed 003, from the spec). A user lacking one gets 403 on that action. */
export const PERMISSIONS = SPEC_PERMISSIONS;
/** One of {@link PERMISSIONS}. */
export type Permission = SpecPermission;

/** ACTIVE keys authenticate; REVOKED keys stay listed but never authenticate again. */
export type KeyStatus = ApiKeyStatus;

/** Expiry state used by the list's `expiry` filter (mutually exclusive). */
export type ExpiryState = SpecExpiryState;

/** An account that can log in and own keys. */
export interface UserRecord {
  id: number;
  login: string;
  /** SHA-256 of the password; the password itself is never kept. */
  passwordHash: Buffer;
  permissions: ReadonlySet<Permission>;
  /**
   * What the user holds as a caller: `ROLE_USER` and its permissions (a JWT's `auth` claim at login,
   * and an API key's authorities when the key has no group). Made with the record, which is
   * replaced, never edited, when the user changes.
   */
  authorities: ReadonlySet<string>;
  activated: boolean;
}

/** The authority every signed-in user holds (Spring Security's role of UTMStack's users). */
export const ROLE_USER = "ROLE_USER";

/** A stored API key. Times are epoch milliseconds by the mock's clock. */
export interface ApiKeyRecord {
  id: number;
  /** The public id (`key_…`): assigned once, never changed, never given to another key. */
  keyId: string;
  userId: number;
  name: string;
  description: string | null;
  /** Allowed addresses/CIDRs; `[]` (or null, in the v11 profile) means any address. */
  allowedIp: string[] | null;
  createdAt: number;
  /** When the current secret was generated (creation counts); null only for hand-made records. */
  generatedAt: number | null;
  expiresAt: number | null;
  /** SHA-256 of the current secret, as lower-case hex; null before the first generate. */
  secretHash: string | null;
  status: KeyStatus;
  lastUsedAt: number | null;
  /** The key's authorization group; null: it acts with all of its owner's permissions. */
  authorizationGroup: string | null;
}

/** Validated input of create and update (a full replace). */
export interface KeyInput {
  name: string;
  description: string | null;
  allowedIp: string[] | null;
  expiresAt: number | null;
  /** The key's authorization group; null or left out (bulk seeding): its owner's permissions. */
  authorizationGroup?: string | null | undefined;
  /** The `keyId` an update body repeats, checked against the key's own (it never changes). */
  keyId?: string | undefined;
}

/** One day in milliseconds (the unit of key lifetimes and expiry windows). */
export const DAY_MS = 86_400_000;
/** Lifetime given to a regenerated key that had no usable lifetime (contract §3). */
export const DEFAULT_KEY_LIFETIME_MS = 7 * DAY_MS;
/** A key expiring within this window is EXPIRING_SOON (the UI's 7-day warning). */
export const EXPIRING_SOON_MS = 7 * DAY_MS;
/** Default per-user limit on ACTIVE keys. */
export const DEFAULT_KEY_LIMIT = 10;
