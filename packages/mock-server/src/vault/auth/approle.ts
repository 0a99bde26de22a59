import { createHash, timingSafeEqual } from "node:crypto";
import { type RandomBytes, randomUuid, secureRandomBytes } from "../../random.js";
import type { TokenEntry, TokenStore } from "./tokens.js";

/** An AppRole role as a test seeds it. TTLs are seconds (Vault's defaults: 0 = the system's 768h). */
export interface AppRoleSeed {
  name: string;
  /** Defaults to a random UUID, as Vault generates it. */
  roleId?: string;
  /** Secret IDs that log in; defaults to one random UUID. */
  secretIds?: string[];
  /** Policies of issued tokens, besides `default`. */
  policies?: string[];
  tokenTtl?: number;
  tokenMaxTtl?: number;
  /** Issued tokens can be renewed (Vault: yes unless the role sets a period or batch tokens). */
  renewable?: boolean;
}

/** A seeded role with every default filled in. */
export interface AppRole extends Required<AppRoleSeed> {}

/** The 768h system default TTL Vault applies when a role sets none. */
const SYSTEM_DEFAULT_TTL = 768 * 3600;
const LOCKOUT_THRESHOLD = 5;
const LOCKOUT_MS = 15 * 60_000;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Whether `presented` is one of the role's secret IDs, in time that depends on neither which one
 * matched nor how much of it: every ID is compared, as same-length digests, with timingSafeEqual.
 */
function holdsSecretId(secretIds: readonly string[], presented: string): boolean {
  const digest = sha256(presented);
  let found = false;
  for (const secretId of secretIds) found = timingSafeEqual(sha256(secretId), digest) || found;
  return found;
}

/** Outcome of a login: a token, or a status and Vault's error text. */
export type LoginOutcome =
  | { ok: true; token: TokenEntry; role: AppRole }
  | { ok: false; status: number; message: string };

/** AppRole roles, logins and Vault's default user lockout (5 failures → 15 minutes of 403). */
export class AppRoleStore {
  readonly #roles = new Map<string, AppRole>();
  readonly #failures = new Map<string, { count: number; lockedUntil?: number }>();

  constructor(
    private readonly tokens: TokenStore,
    private readonly now: () => number,
    readonly mount: string,
    private readonly random: RandomBytes = secureRandomBytes,
  ) {}

  /** Adds (or replaces) a role and returns it with its generated ids. */
  addRole(seed: AppRoleSeed): AppRole {
    const role: AppRole = {
      name: seed.name,
      roleId: seed.roleId ?? randomUuid(this.random),
      secretIds: seed.secretIds ?? [randomUuid(this.random)],
      policies: seed.policies ?? [],
      tokenTtl: seed.tokenTtl ?? 0,
      tokenMaxTtl: seed.tokenMaxTtl ?? 0,
      renewable: seed.renewable ?? true,
    };
    this.#roles.set(role.name, role);
    return role;
  }

  /** The role named so, to read its generated `roleId`/`secretIds`. */
  role(name: string): AppRole | undefined {
    return this.#roles.get(name);
  }

  /** `POST auth/<mount>/login` (contract §6.3). */
  login(body: Record<string, unknown>): LoginOutcome {
    const roleId = typeof body.role_id === "string" ? body.role_id : "";
    const secretId = typeof body.secret_id === "string" ? body.secret_id : "";
    if (roleId === "") return { ok: false, status: 400, message: "missing role_id" };
    const role = [...this.#roles.values()].find((r) => r.roleId === roleId);
    const lock = this.#failures.get(roleId);
    if (lock?.lockedUntil !== undefined && lock.lockedUntil > this.now()) {
      return { ok: false, status: 403, message: "permission denied" };
    }
    if (secretId === "") return { ok: false, status: 400, message: "missing secret_id" };
    if (!role || !holdsSecretId(role.secretIds, secretId)) {
      const count = (lock?.lockedUntil !== undefined ? 0 : (lock?.count ?? 0)) + 1;
      this.#failures.set(
        roleId,
        count >= LOCKOUT_THRESHOLD ? { count, lockedUntil: this.now() + LOCKOUT_MS } : { count },
      );
      return { ok: false, status: 400, message: "invalid role or secret ID" };
    }
    this.#failures.delete(roleId);
    const ttl = role.tokenTtl > 0 ? role.tokenTtl : SYSTEM_DEFAULT_TTL;
    const maxTtl = role.tokenMaxTtl > 0 ? role.tokenMaxTtl : SYSTEM_DEFAULT_TTL;
    const token = this.tokens.issue({
      policies: ["default", ...role.policies],
      displayName: "approle",
      path: `auth/${this.mount}/login`,
      meta: { role_name: role.name },
      ttl: Math.min(ttl, maxTtl),
      maxTtl,
      renewable: role.renewable,
      orphan: true,
      hasLease: true,
    });
    return { ok: true, token, role };
  }

  clear(): void {
    this.#roles.clear();
    this.#failures.clear();
  }
}
