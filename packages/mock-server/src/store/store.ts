import { LoginAttempts } from "../auth/login-attempts.js";
import { UserDirectory, type UserSeed } from "../auth/users.js";
import type { Clock } from "../clock.js";
import { AuthorizationGroups } from "../keys/authorization-groups.js";
import { parseInstant } from "../keys/instant.js";
import { type KeyRules, KeyService } from "../keys/key-service.js";
import type { ApiKeyRecord } from "../keys/model.js";
import { type RandomBytes, secureRandomBytes } from "../random.js";
import { generateAlerts } from "../search/alerts.js";
import { ALERT_INDEX, indexMatches, USAGE_INDEX } from "../search/indexes.js";
import type { SeedData } from "./seed.js";
import { type ApiKeyUsageLog, type UsageEntry, UsageLog } from "./usage-log.js";

/** The default account when nothing else is seeded: `admin` / `admin` with every permission. */
const DEFAULT_USERS: readonly UserSeed[] = [{ login: "admin", password: "admin" }];
const DEFAULT_ALERT_COUNT = 300;
const DEFAULT_ALERT_SEED = 42;

/** A key as `GET /__mock/state` shows it: everything but the secret's hash, times as ISO strings. */
export interface KeySnapshot {
  id: number;
  keyId: string;
  userId: number;
  name: string;
  description: string | null;
  allowedIp: string[] | null;
  createdAt: string;
  generatedAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  status: ApiKeyRecord["status"];
  authorizationGroup: string | null;
  hasSecret: boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The mock's whole state, without secrets, passwords or hashes. */
export interface StateSnapshot {
  now: string;
  users: { id: number; login: string; permissions: string[]; activated: boolean }[];
  groups: { name: string; permissions: string[]; builtIn: boolean }[];
  keys: KeySnapshot[];
  documents: Record<string, number>;
}

/** All in-memory state of the key-service mock: users, keys, login attempts, search documents. */
export class MockStore {
  readonly users = new UserDirectory();
  /** Authorization groups: the built-in ones and the seeded ones. */
  readonly groups = new AuthorizationGroups();
  readonly keys: KeyService;
  readonly loginAttempts = new LoginAttempts();
  /** Documents of the `alert-*` index. */
  alerts: Record<string, unknown>[] = [];
  /** The `v11-api-access-logs-*` index: the last `usageLogLimit` documents. */
  readonly usageLog: UsageLog;
  /** Signs JWTs; replaced on reset, so old tokens die as they do when UTMStack restarts. */
  jwtSecret: Buffer;

  constructor(
    private readonly clock: Clock,
    keyRules: KeyRules,
    private readonly initialSeed: SeedData,
    usageLogLimit?: number,
    /** Source of secrets, the JWT key and usage-document ids. */
    readonly random: RandomBytes = secureRandomBytes,
  ) {
    this.jwtSecret = Buffer.from(random(64));
    this.keys = new KeyService(keyRules, random);
    this.usageLog = new UsageLog(usageLogLimit, random);
    this.reset();
  }

  /** Documents of the `v11-api-access-logs-*` index, oldest first. */
  get usage(): readonly ApiKeyUsageLog[] {
    return this.usageLog.documents();
  }

  /** Forgets everything and re-applies the initial seed (users, keys, alerts). */
  reset(): void {
    this.users.clear();
    this.groups.clear();
    this.keys.clear();
    this.loginAttempts.clear();
    this.usageLog.clear();
    this.jwtSecret = Buffer.from(this.random(64));
    const seed = this.initialSeed;
    this.alerts = generateAlerts(
      seed.alertCount ?? DEFAULT_ALERT_COUNT,
      seed.alertSeed ?? DEFAULT_ALERT_SEED,
      this.clock.now(),
    );
    this.applySeed({ ...seed, users: seed.users?.length ? seed.users : [...DEFAULT_USERS] });
  }

  /**
   * Adds seeded users, authorization groups, keys (with their known secrets) and alert documents to
   * the current state.
   * @throws {Error} naming the bad entry (unknown owner, unreadable expiresAt, unknown group).
   */
  applySeed(seed: SeedData): void {
    for (const user of seed.users ?? []) this.users.add(user);
    for (const group of seed.groups ?? []) this.groups.add(group);
    const now = this.clock.now();
    for (const [index, entry] of (seed.keys ?? []).entries()) {
      const owner = this.users.findByLogin(entry.owner);
      if (!owner) throw new Error(`keys[${index}]: no user "${entry.owner}" to own key "${entry.name}"`);
      let expiresAt: number | null = null;
      if (entry.expiresAt) {
        const parsed = parseInstant(entry.expiresAt);
        if (parsed === undefined)
          throw new Error(`keys[${index}]: expiresAt "${entry.expiresAt}" is not an ISO-8601 instant`);
        expiresAt = parsed;
      }
      const key = this.keys.create(
        owner.id,
        {
          name: entry.name,
          description: entry.description ?? null,
          allowedIp: entry.allowedIp ?? [],
          expiresAt,
          authorizationGroup: this.seededGroup(index, entry.authorizationGroup),
        },
        now,
      );
      if (entry.secret !== undefined) {
        if (entry.secret.length < 8)
          throw new Error(`keys[${index}]: a seeded secret needs at least 8 characters`);
        this.keys.generate(owner.id, key.id, now, entry.secret);
        key.expiresAt = expiresAt; // a seed states the expiry it wants, without sliding it
      }
      if (entry.revoked) this.keys.revoke(owner.id, key.id);
    }
    // One at a time: spreading 200,000 alerts into push's arguments overflows the call stack.
    for (const alert of seed.alerts ?? []) this.alerts.push(alert);
  }

  private seededGroup(index: number, name: string | null | undefined): string | null {
    if (name === undefined || name === null) return null;
    if (!this.groups.find(name)) throw new Error(`keys[${index}]: no authorization group "${name}"`);
    return name;
  }

  /** The documents of every index the pattern names (`alert-*`, `v11-api-access-logs-*`, `*`). */
  documentsOf(indexPattern: string): readonly unknown[] {
    const alerts = indexMatches(indexPattern, ALERT_INDEX);
    const usage = indexMatches(indexPattern, USAGE_INDEX);
    if (alerts && usage) return [...this.alerts, ...this.usage];
    if (alerts) return this.alerts;
    if (usage) return this.usage;
    return [];
  }

  /** The usage documents, when the pattern names the usage index (whatever else it names). */
  usageDocumentsOf(indexPattern: string): readonly unknown[] {
    return indexMatches(indexPattern, USAGE_INDEX) ? this.usage : [];
  }

  /** Appends a usage document (the oldest goes once the log holds its limit). */
  logUsage(entry: UsageEntry): void {
    this.usageLog.append(entry);
  }

  /** A view of the state that holds no secret, password or hash. */
  snapshot(): StateSnapshot {
    return {
      now: new Date(this.clock.now()).toISOString(),
      users: this.users.all().map((user) => ({
        id: user.id,
        login: user.login,
        permissions: [...user.permissions],
        activated: user.activated,
      })),
      groups: this.groups.all().map((group) => ({
        name: group.name,
        permissions: [...group.permissions],
        builtIn: group.builtIn,
      })),
      keys: this.keys.all().map((key) => ({
        id: key.id,
        keyId: key.keyId,
        userId: key.userId,
        name: key.name,
        description: key.description,
        allowedIp: key.allowedIp,
        createdAt: iso(key.createdAt)!,
        generatedAt: iso(key.generatedAt),
        expiresAt: iso(key.expiresAt),
        lastUsedAt: iso(key.lastUsedAt),
        status: key.status,
        authorizationGroup: key.authorizationGroup,
        hasSecret: key.secretHash !== null,
      })),
      documents: { [ALERT_INDEX]: this.alerts.length, [USAGE_INDEX]: this.usageLog.size },
    };
  }
}
