import { type RandomBytes, secureRandomBytes } from "../random.js";
import { isAddressAllowed, isAddressAllowedV11, tomcatAddress } from "./allowlist.js";
import {
  DuplicateKeyNameError,
  KeyIdChangeError,
  KeyLimitReachedError,
  KeyNotFoundError,
  KeyRevokedError,
} from "./errors.js";
import { newKeyId } from "./key-id.js";
import type { ApiKeyRecord, KeyInput } from "./model.js";
import { isExpired, slidExpiry } from "./rules.js";
import { generateSecret, secretDigest } from "./secrets.js";

/** Rules that differ between the documented service and UTMStack v11 as released. */
export interface KeyRules {
  /** Max ACTIVE keys per user; null = no limit (v11). */
  keyLimit: number | null;
  /** Refuse renaming a key to a name another of the user's keys has (v11 does not check). */
  uniqueNamesOnUpdate: boolean;
  /**
   * How `allowedIp` is matched: `ipaddr` (IPv4/IPv6, CIDR, mapped addresses) or `utmstack-v11`
   * (IPv4 CIDR by subnet, everything else as an exact string in Tomcat's spelling).
   */
  allowlistMatching: "ipaddr" | "utmstack-v11";
}

/** Why a presented API key was refused. `key` is set when the secret matched a stored key. */
export interface KeyRefusal {
  ok: false;
  reason: string;
  key?: ApiKeyRecord;
}

/** The state and operations of API keys: pure data in memory, no HTTP. */
export class KeyService {
  private readonly keys = new Map<number, ApiKeyRecord>();
  // per-user index, so a user's operations never scan everybody's keys
  private readonly byUser = new Map<number, Map<number, ApiKeyRecord>>();
  // hex SHA-256 of the current secret -> key id, so authentication is one lookup, not a scan
  private readonly bySecretHash = new Map<string, number>();
  // Per user, keys in creation order — which is id order, as ids only grow — so a page of the
  // default listing is a slice, not a copy and sort of every key. A delete marks it stale; it is
  // rebuilt from the per-user index at the next page.
  private readonly inIdOrder = new Map<number, { keys: ApiKeyRecord[]; stale: boolean }>();
  // Per user: how many keys carry each name (v11 lets an update duplicate one) and how many are
  // ACTIVE, so create and update check names and the key limit in O(1) instead of scanning.
  private readonly nameCounts = new Map<number, Map<string, number>>();
  private readonly activeCounts = new Map<number, number>();
  // Every public id handed out since the last clear, deleted keys' included: one is never reused.
  private readonly issuedKeyIds = new Set<string>();
  private nextId = 1;

  constructor(
    private readonly rules: KeyRules,
    private readonly random: RandomBytes = secureRandomBytes,
  ) {}

  /** All keys of one user, in id order. */
  listForUser(userId: number): ApiKeyRecord[] {
    const own = this.byUser.get(userId);
    return own ? [...own.values()] : [];
  }

  /**
   * A page of the user's keys in id order (`offset`, at most `limit`), and how many keys the user
   * has: O(limit) per page, however many keys there are, so paging through all of them is linear.
   */
  pageForUser(userId: number, offset: number, limit: number): { items: ApiKeyRecord[]; total: number } {
    const own = this.byUser.get(userId);
    const order = this.inIdOrder.get(userId);
    if (!own || !order) return { items: [], total: 0 };
    if (order.stale) {
      order.keys = [...own.values()];
      order.stale = false;
    }
    return { items: order.keys.slice(offset, offset + limit), total: own.size };
  }

  /** Every stored key (for state dumps and tests). */
  all(): ApiKeyRecord[] {
    return [...this.keys.values()];
  }

  /** The user's key with this id. @throws {KeyNotFoundError} when missing or another user's. */
  get(userId: number, id: number): ApiKeyRecord {
    const key = this.keys.get(id);
    if (!key || key.userId !== userId) throw new KeyNotFoundError(id);
    return key;
  }

  /**
   * Creates a key without a usable secret (call {@link generate} for one).
   * @throws {DuplicateKeyNameError} when the user already has a key with this name (case-sensitive)
   * @throws {KeyLimitReachedError} when the user holds the maximum of ACTIVE keys
   */
  create(userId: number, input: KeyInput, now: number): ApiKeyRecord {
    if (this.holdsName(userId, input.name)) throw new DuplicateKeyNameError(input.name);
    if (this.rules.keyLimit !== null && (this.activeCounts.get(userId) ?? 0) >= this.rules.keyLimit) {
      throw new KeyLimitReachedError(this.rules.keyLimit);
    }
    return this.insert(userId, input, now);
  }

  /**
   * Creates many keys of one user at once, with the same rules as {@link create} checked in one
   * pass over the user's keys instead of one pass per key: seeding N keys costs O(N), not O(N²).
   * Nothing is added when a check fails.
   * @throws {DuplicateKeyNameError} when a name is taken, or given twice
   * @throws {KeyLimitReachedError} when the new keys would exceed the limit of ACTIVE keys
   */
  createMany(userId: number, inputs: readonly KeyInput[], now: number): ApiKeyRecord[] {
    const names = new Set<string>();
    for (const input of inputs) {
      if (names.has(input.name) || this.holdsName(userId, input.name))
        throw new DuplicateKeyNameError(input.name);
      names.add(input.name);
    }
    if (this.rules.keyLimit !== null) {
      const active = this.activeCounts.get(userId) ?? 0;
      if (active + inputs.length > this.rules.keyLimit) throw new KeyLimitReachedError(this.rules.keyLimit);
    }
    return inputs.map((input) => this.insert(userId, input, now));
  }

  private insert(userId: number, input: KeyInput, now: number): ApiKeyRecord {
    const key: ApiKeyRecord = {
      id: this.nextId++,
      keyId: this.issueKeyId(),
      userId,
      name: input.name,
      description: input.description,
      allowedIp: input.allowedIp,
      createdAt: now,
      // UTMStack sets generatedAt = createdAt on create (it only hides it in v11's DTO)
      generatedAt: now,
      expiresAt: input.expiresAt,
      secretHash: null,
      status: "ACTIVE",
      lastUsedAt: null,
      authorizationGroup: input.authorizationGroup ?? null,
    };
    this.keys.set(key.id, key);
    let index = this.byUser.get(userId);
    if (!index) {
      index = new Map();
      this.byUser.set(userId, index);
    }
    index.set(key.id, key);
    this.countName(userId, key.name, 1);
    this.activeCounts.set(userId, (this.activeCounts.get(userId) ?? 0) + 1);
    const order = this.inIdOrder.get(userId);
    if (order) {
      if (!order.stale) order.keys.push(key);
    } else this.inIdOrder.set(userId, { keys: [key], stale: false });
    return key;
  }

  /**
   * Issues a new secret: the previous one stops working at once, and the expiry slides to now plus
   * the key's original lifetime (7 days when it had none). Returns the plaintext once.
   * @param secret a chosen secret (seeding); normally a fresh random one
   */
  generate(
    userId: number,
    id: number,
    now: number,
    secret = generateSecret(this.random),
  ): { key: ApiKeyRecord; secret: string } {
    const key = this.get(userId, id);
    if (key.status === "REVOKED") throw new KeyRevokedError(id);
    if (key.secretHash) this.bySecretHash.delete(key.secretHash);
    key.expiresAt = slidExpiry(key, now);
    key.generatedAt = now;
    key.secretHash = secretDigest(secret);
    this.bySecretHash.set(key.secretHash, key.id);
    return { key, secret };
  }

  private issueKeyId(): string {
    let keyId = newKeyId(this.random);
    // 128 random bits make a repeat vanishingly rare; a repeating test source must still not reuse one
    while (this.issuedKeyIds.has(keyId)) keyId = newKeyId(this.random);
    this.issuedKeyIds.add(keyId);
    return keyId;
  }

  /**
   * Full replace of name, description, allowlist, expiry and group; the secret and the public id
   * are untouched.
   * @throws {KeyIdChangeError} when the input names another keyId than the key's own
   */
  update(userId: number, id: number, input: KeyInput): ApiKeyRecord {
    const key = this.get(userId, id);
    if (input.keyId !== undefined && input.keyId !== key.keyId) throw new KeyIdChangeError(key.keyId);
    if (key.status === "REVOKED") throw new KeyRevokedError(id);
    const othersWithName =
      (this.nameCounts.get(userId)?.get(input.name) ?? 0) - (key.name === input.name ? 1 : 0);
    if (this.rules.uniqueNamesOnUpdate && othersWithName > 0) throw new DuplicateKeyNameError(input.name);
    this.countName(userId, key.name, -1);
    this.countName(userId, input.name, 1);
    key.name = input.name;
    key.description = input.description;
    key.allowedIp = input.allowedIp;
    key.expiresAt = input.expiresAt;
    key.authorizationGroup = input.authorizationGroup ?? null;
    return key;
  }

  /** Marks the key REVOKED (kept in lists, never authenticates again). Revoking twice is harmless. */
  revoke(userId: number, id: number): ApiKeyRecord {
    const key = this.get(userId, id);
    // the secret stays indexed so a later attempt is refused as "revoked", not "unknown"
    if (key.status === "ACTIVE") this.activeCounts.set(userId, (this.activeCounts.get(userId) ?? 1) - 1);
    key.status = "REVOKED";
    return key;
  }

  /** Removes the key for good. */
  delete(userId: number, id: number): void {
    const key = this.get(userId, id);
    if (key.secretHash) this.bySecretHash.delete(key.secretHash);
    this.keys.delete(id);
    this.byUser.get(userId)?.delete(id);
    this.countName(userId, key.name, -1);
    if (key.status === "ACTIVE") this.activeCounts.set(userId, (this.activeCounts.get(userId) ?? 1) - 1);
    const order = this.inIdOrder.get(userId);
    if (order) order.stale = true;
  }

  private holdsName(userId: number, name: string): boolean {
    return (this.nameCounts.get(userId)?.get(name) ?? 0) > 0;
  }

  private countName(userId: number, name: string, change: 1 | -1): void {
    let counts = this.nameCounts.get(userId);
    if (!counts) {
      counts = new Map();
      this.nameCounts.set(userId, counts);
    }
    const count = (counts.get(name) ?? 0) + change;
    if (count > 0) counts.set(name, count);
    else counts.delete(name);
  }

  /** Removes every key of a user (their account was removed). */
  deleteAllOf(userId: number): void {
    for (const key of this.listForUser(userId)) this.delete(userId, key.id);
  }

  /**
   * Checks a presented secret, in UTMStack's order: unknown (or revoked) → address → expiry.
   * User checks are the caller's (it owns users).
   */
  authenticate(secret: string, address: string, now: number): { ok: true; key: ApiKeyRecord } | KeyRefusal {
    // the digest finds the key: the index holds exactly the current secrets' digests
    const presented = secretDigest(secret);
    const id = this.bySecretHash.get(presented);
    const key = id === undefined ? undefined : this.keys.get(id);
    if (key?.secretHash !== presented) return { ok: false, reason: "Invalid API key" };
    if (key.status === "REVOKED") return { ok: false, reason: "API key revoked", key };
    const v11 = this.rules.allowlistMatching === "utmstack-v11";
    if (!(v11 ? isAddressAllowedV11(key.allowedIp, address) : isAddressAllowed(key.allowedIp, address))) {
      const shown = v11 ? tomcatAddress(address) : address;
      return {
        ok: false,
        reason: `Invalid IP address: ${shown}. If you recognize this IP, add it to allowed IP list.`,
        key,
      };
    }
    if (isExpired(key, now)) {
      return { ok: false, reason: `API key expired at ${new Date(key.expiresAt!).toISOString()}`, key };
    }
    return { ok: true, key };
  }

  /** Records a successful use. */
  touch(key: ApiKeyRecord, now: number): void {
    key.lastUsedAt = now;
  }

  /** Forgets every key and restarts ids at 1. */
  clear(): void {
    this.keys.clear();
    this.byUser.clear();
    this.inIdOrder.clear();
    this.nameCounts.clear();
    this.activeCounts.clear();
    this.bySecretHash.clear();
    this.issuedKeyIds.clear();
    this.nextId = 1;
  }
}
