import { NameTakenError, PermanentError } from "../../src/port-errors.js";
import type { AuthCheck, KeyRecord, KeyService, KeySettings, RetireOutcome } from "../../src/ports.js";
import { FaultScript } from "./faults.js";

/** A public id like the service's (`key_` + 32 hex), derived from the numeric id so tests can predict it. */
export function publicIdOf(id: string): string {
  return `key_${id.padStart(32, "0")}`;
}

interface StoredKey {
  record: KeyRecord;
  secret: string | null;
  generatedAt: number | null;
}

export interface FakeKeyServiceOptions {
  now?: () => number;
  faults?: FaultScript;
  /** Active keys allowed per user (the mock's default is 10). */
  keyLimit?: number;
  /** Without revocation (UTMStack v11) retiring deletes. */
  supportsRevoke?: boolean;
  /** Whether a revoked key may still be updated (renamed). */
  updatesRevokedKeys?: boolean;
  /** Operations answered with 403. */
  forbidden?: ReadonlySet<"create" | "generate" | "update" | "retire" | "delete">;
}

/**
 * An in-memory key service with the semantics the rotation relies on: names unique per user,
 * generate kills the previous secret at once and slides the expiry, revoke keeps the row, a key limit.
 */
export class FakeKeyService implements KeyService {
  readonly keys = new Map<string, StoredKey>();
  readonly faults: FaultScript;
  private nextId = 1;
  private secretCounter = 0;
  private readonly now: () => number;

  constructor(private readonly options: FakeKeyServiceOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.faults = options.faults ?? new FaultScript();
  }

  /** Adds a key directly (test setup, no faults) and returns it with its secret. */
  seed(
    settings: Omit<KeySettings, "description" | "authorizationGroup"> & {
      description?: string | null;
      authorizationGroup?: string | null;
      createdAt?: number;
      publicKeyId?: string;
    },
  ) {
    const id = String(this.nextId++);
    const secret = this.newSecret(id);
    const record: KeyRecord = {
      id,
      name: settings.name,
      allowedIp: settings.allowedIp,
      description: settings.description ?? null,
      createdAt: settings.createdAt ?? this.now(),
      expiresAt: settings.expiresAt,
      status: "active",
      publicKeyId: settings.publicKeyId ?? publicIdOf(id),
      authorizationGroup: settings.authorizationGroup ?? null,
    };
    this.keys.set(id, { record, secret, generatedAt: null });
    return { record, secret };
  }

  /** The key whose current secret this is, if it is active (ignoring expiry). */
  ownerOf(secret: unknown): KeyRecord | undefined {
    for (const stored of this.keys.values()) {
      if (stored.secret === secret && stored.record.status === "active") return stored.record;
    }
    return undefined;
  }

  async *listKeys(): AsyncIterable<KeyRecord> {
    const all = await this.faults.call("list", () => [...this.keys.values()].map((stored) => stored.record));
    yield* all;
  }

  getKey(id: string): Promise<KeyRecord | undefined> {
    return this.faults.call("get", () => this.keys.get(id)?.record);
  }

  findKeyByName(name: string): Promise<KeyRecord | undefined> {
    return this.faults.call(
      "find",
      () => [...this.keys.values()].find((stored) => stored.record.name === name)?.record,
    );
  }

  createKey(settings: KeySettings): Promise<KeyRecord> {
    return this.faults.call("create", () => {
      this.refuseIfForbidden("create");
      if ([...this.keys.values()].some((stored) => stored.record.name === settings.name)) {
        throw new NameTakenError(`Api key already exists: ${settings.name}`);
      }
      const active = [...this.keys.values()].filter((stored) => stored.record.status === "active").length;
      if (active >= (this.options.keyLimit ?? Number.POSITIVE_INFINITY)) {
        throw new PermanentError(`Key limit reached: at most ${this.options.keyLimit} keys per user`);
      }
      const id = String(this.nextId++);
      const record: KeyRecord = {
        ...settings,
        id,
        createdAt: this.now(),
        status: "active",
        publicKeyId: publicIdOf(id),
      };
      this.keys.set(id, { record, secret: null, generatedAt: null });
      return record;
    });
  }

  generateSecret(id: string): Promise<string> {
    return this.faults.call("generate", () => {
      this.refuseIfForbidden("generate");
      const stored = this.activeKey(id);
      const base = stored.generatedAt ?? stored.record.createdAt;
      const expiry = stored.record.expiresAt;
      const lifetime = expiry !== null && expiry >= base ? expiry - base : 7 * 86_400_000;
      const now = this.now();
      stored.secret = this.newSecret(id);
      stored.generatedAt = now;
      stored.record = { ...stored.record, expiresAt: now + lifetime };
      return stored.secret;
    });
  }

  updateKey(id: string, settings: KeySettings): Promise<KeyRecord> {
    return this.faults.call("update", () => {
      this.refuseIfForbidden("update");
      const stored = this.keys.get(id);
      if (!stored) throw new PermanentError(`API key not found: ${id}`);
      if (stored.record.status !== "active" && this.options.updatesRevokedKeys === false) {
        throw new PermanentError(`API key ${id} is revoked and cannot be changed`);
      }
      // A full replace, as the service's: a group left out is gone (the spread keeps id, status, ...).
      stored.record = {
        ...stored.record,
        ...settings,
        authorizationGroup: settings.authorizationGroup ?? null,
      };
      return stored.record;
    });
  }

  async retireKey(key: KeyRecord, retiredName: string): Promise<RetireOutcome> {
    if (this.options.supportsRevoke === false) {
      await this.deleteKey(key.id);
      return "deleted";
    }
    const stored = this.keys.get(key.id);
    if (stored && stored.record.name !== retiredName) {
      if (stored.record.status !== "active" && this.options.updatesRevokedKeys === false) {
        await this.deleteKey(key.id);
        return "deleted";
      }
      await this.updateKey(key.id, {
        ...stored.record,
        name: retiredName,
        authorizationGroup: stored.record.authorizationGroup ?? null,
      });
    }
    return this.faults.call("revoke", () => {
      this.refuseIfForbidden("retire");
      const current = this.keys.get(key.id);
      if (!current) throw new PermanentError(`API key not found: ${key.id}`);
      current.record = { ...current.record, status: "revoked" };
      return "revoked" as const;
    });
  }

  deleteKey(id: string): Promise<void> {
    return this.faults.call("delete", () => {
      this.refuseIfForbidden("delete");
      this.keys.delete(id);
    });
  }

  authenticate(secret: string, keyId?: string): Promise<AuthCheck> {
    return this.faults.call("authenticate", () => {
      const owner = this.ownerOf(secret);
      const expired = owner?.expiresAt != null && owner.expiresAt <= this.now();
      if (keyId !== undefined && owner?.id !== keyId) return "refused";
      return owner && !expired ? "accepted" : "refused";
    });
  }

  private activeKey(id: string): StoredKey {
    const stored = this.keys.get(id);
    if (stored?.record.status !== "active") throw new PermanentError(`API key not found: ${id}`);
    return stored;
  }

  private refuseIfForbidden(op: "create" | "generate" | "update" | "retire" | "delete"): void {
    if (this.options.forbidden?.has(op))
      throw new PermanentError(`403 Forbidden: no permission to ${op} API keys`);
  }

  private newSecret(id: string): string {
    return `secret-${id}-${++this.secretCounter}`;
  }
}
