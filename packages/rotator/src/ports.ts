/**
 * The two ports a rotation depends on. The rotation logic (`rotation/`) only ever talks to these
 * interfaces; `adapters/` implement them over `@keywarden/sdk` and the Vault client, and the tests
 * implement them in memory. Ids and instants are plain strings and epoch milliseconds so the rules
 * stay free of wire formats.
 */

/** A key id as the key service knows it (UTMStack uses numbers; we carry them as strings). */
export type KeyId = string;

/** `revoked` exists only where the service supports revocation (a Keywarden extension). */
export type KeyStatus = "active" | "revoked";

/** What the rotation needs to know about one API key. Never carries the secret. */
export interface KeyRecord {
  readonly id: KeyId;
  readonly name: string;
  readonly allowedIp: readonly string[];
  readonly description: string | null;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms, or null for a key that never expires. */
  readonly expiresAt: number | null;
  readonly status: KeyStatus;
  /**
   * The public id (the contract's `keyId`, `key_` + 32 hex): immutable and safe to log, so logs and
   * Vault carry it beside the numeric id. Undefined where the service has none (UTMStack v11).
   */
  readonly publicKeyId?: string | undefined;
  /**
   * The authorization group limiting the key to the group's permissions that its owner also holds;
   * null or undefined: the owner's permissions (UTMStack's behaviour, and all that v11 knows).
   */
  readonly authorizationGroup?: string | null | undefined;
}

/** The full configuration of a key, as sent on create and on update (a full replace). */
export interface KeySettings {
  readonly name: string;
  readonly allowedIp: readonly string[];
  readonly description: string | null;
  readonly expiresAt: number | null;
  /**
   * Required although null is the default: an update replaces everything, and a group left out
   * would widen the key to its owner's permissions.
   */
  readonly authorizationGroup: string | null;
}

/** Outcome of presenting a secret to the key service. */
export type AuthCheck = "accepted" | "refused";

/** How an old key was taken out of service. */
export type RetireOutcome = "revoked" | "deleted";

/**
 * The key service as the rotation sees it.
 *
 * Errors: implementations throw the classes of `./port-errors.js` (`TransientError`,
 * `RateLimitedError`, `PermanentError`, `NameTakenError`), never raw transport errors.
 */
export interface KeyService {
  /** Every key of the user, page by page (never all in memory at once). */
  listKeys(): AsyncIterable<KeyRecord>;
  /** The key, or undefined when it does not exist (or belongs to someone else). */
  getKey(id: KeyId): Promise<KeyRecord | undefined>;
  /** The key with exactly this name, or undefined. */
  findKeyByName(name: string): Promise<KeyRecord | undefined>;
  /** Creates a key; throws `NameTakenError` when the name is in use. The secret is not returned. */
  createKey(settings: KeySettings): Promise<KeyRecord>;
  /** Generates a new secret for the key; the previous secret stops working at once. */
  generateSecret(id: KeyId): Promise<string>;
  /** Replaces the key's configuration (used to rename). */
  updateKey(id: KeyId, settings: KeySettings): Promise<KeyRecord>;
  /**
   * Takes the key out of service for good, and off its name: where the service can revoke, the key
   * is renamed `retiredName` and revoked (kept for the audit trail); otherwise it is deleted. Safe to
   * call again after a partial run.
   */
  retireKey(key: KeyRecord, retiredName: string): Promise<RetireOutcome>;
  /** Deletes the key (used to roll back a successor whose secret never reached Vault). */
  deleteKey(id: KeyId): Promise<void>;
  /**
   * Presents the secret to the API and says whether it was accepted. `keyId` names the key the
   * secret should belong to, so an adapter can probe with a cheap read of that one key (and, where
   * it can tell, count a secret of another key as refused).
   */
  authenticate(secret: string, keyId?: KeyId): Promise<AuthCheck>;
}

/** One version of a secret as read from the store (KV v2). */
export interface StoredSecret {
  readonly data: Readonly<Record<string, unknown>>;
  readonly version: number;
  readonly customMetadata: Readonly<Record<string, string>> | null;
}

/**
 * A KV v2 secret store (HashiCorp Vault) as the rotation sees it. Paths are relative to the mount
 * (e.g. `keywarden/billing`).
 */
export interface SecretStore {
  /** The current version, or undefined when there is none (never written, deleted or destroyed). */
  read(path: string): Promise<StoredSecret | undefined>;
  /**
   * Writes a new version only if the current version is `cas` (0 = the path must not exist yet).
   * Throws `CasMismatchError` otherwise.
   */
  write(path: string, data: Record<string, unknown>, cas: number): Promise<{ version: number }>;
  /** Replaces the path's `custom_metadata`. */
  writeMetadata(path: string, customMetadata: Record<string, string>): Promise<void>;
  /**
   * Proves, without writing, that the credential may write the path's secret and its metadata
   * (Vault: `sys/capabilities-self`, `create`/`update` on both). Called before a rotation touches the
   * key service, so a bad token never leaves an orphan successor behind.
   *
   * @throws PermanentError "token rejected" when the store refuses the credential itself, or naming
   *   the path and the missing capability; TransientError when the store cannot answer.
   */
  checkWriteAccess(path: string): Promise<void>;
}

/**
 * A short-lived, exclusive claim on one logical key, so that only one rotation of that key can
 * mutate anything at a time, whatever started it (schedule, `rotate`, a retry, a duplicate job after
 * a lost BullMQ lock, another process). Redis in production, memory in the tests.
 */
export interface KeyLease {
  /** Takes the claim for `holder` (or extends it when `holder` has it already); false when another holder has it. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends the claim when `holder` still has it; false when it was lost (expired or taken). */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the claim up when `holder` still has it (never someone else's). */
  release(name: string, holder: string): Promise<void>;
}

/**
 * The API key the rotator itself authenticates with, which a rotation must never revoke while the
 * rotator still uses it. `managed`: kept in Vault at `path` (the shape the rotator writes), re-read
 * on demand, so the rotator rotates it like any other key and switches to the successor first.
 * `fixed`: given directly (`KEYWARDEN_API_KEY`): nothing can switch it, so it is never rotated.
 */
export interface OwnKey {
  readonly kind: "managed" | "fixed";
  /** Managed: the Vault path (relative to the mount) holding `{api_key, key_id}`. */
  readonly path?: string;
  /**
   * Whether key `keyId` is the one the rotator authenticates with now. `vaultSecret` reads the
   * secret Vault holds for that key (undefined when Vault holds another key's), the cheapest proof
   * for a fixed key; it is called only when needed.
   */
  isOwn(keyId: KeyId, vaultSecret: () => Promise<string | undefined>): Promise<boolean>;
  /** Managed: re-reads Vault and authenticates with what it holds from now on; returns that key's id. */
  reload(): Promise<KeyId | undefined>;
  /** The id of the key the rotator runs with now (undefined: not known yet). */
  currentId(): Promise<KeyId | undefined>;
}

/** What a rotator process says, through the shared registry, of the key it runs with. */
export interface RegisteredOwnKey {
  readonly kind: "managed" | "fixed";
  /** Managed: the Vault path it reads the key from. */
  readonly path?: string | undefined;
}

/**
 * The keys every running rotator process authenticates with (Redis in production): a rotation run
 * by one process must respect the key of another.
 */
export interface OwnKeyRegistry {
  /** The live registration of `keyId`, if some process runs with it. */
  lookup(keyId: KeyId): Promise<RegisteredOwnKey | undefined>;
}
