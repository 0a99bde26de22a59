import { timingSafeEqual } from "node:crypto";
import { PERMISSIONS, type Permission, ROLE_USER, type UserRecord } from "../keys/model.js";
import { hashSecret } from "../keys/secrets.js";

/** How a user is described in options and seed files. */
export interface UserSeed {
  login: string;
  password: string;
  /** Defaults to every permission. */
  permissions?: readonly Permission[];
  /** Inactive users cannot log in, and their keys are refused. Default true. */
  activated?: boolean;
}

/** The users of the mock, by login. */
export class UserDirectory {
  private readonly byLogin = new Map<string, UserRecord>();
  private readonly byId = new Map<number, UserRecord>();
  private nextId = 1;

  /**
   * Adds (or replaces) a user.
   * @throws {TypeError} when a permission is not one of `api.key.view|create|update|delete`.
   */
  add(seed: UserSeed): UserRecord {
    if (!seed.login || typeof seed.login !== "string") throw new TypeError("A user needs a non-empty login");
    if (typeof seed.password !== "string") throw new TypeError(`User ${seed.login} needs a password string`);
    for (const permission of seed.permissions ?? []) {
      if (!PERMISSIONS.includes(permission)) {
        throw new TypeError(
          `Unknown permission "${permission}" for user ${seed.login}; use ${PERMISSIONS.join(", ")}`,
        );
      }
    }
    const existing = this.byLogin.get(seed.login);
    const permissions = new Set(seed.permissions ?? PERMISSIONS);
    const user: UserRecord = {
      id: existing?.id ?? this.nextId++,
      login: seed.login,
      passwordHash: hashSecret(seed.password),
      permissions,
      authorities: new Set([ROLE_USER, ...permissions]),
      activated: seed.activated ?? true,
    };
    this.byLogin.set(user.login, user);
    this.byId.set(user.id, user);
    return user;
  }

  findByLogin(login: string): UserRecord | undefined {
    return this.byLogin.get(login);
  }

  findById(id: number): UserRecord | undefined {
    return this.byId.get(id);
  }

  all(): UserRecord[] {
    return [...this.byId.values()];
  }

  /** The user when login and password match (compared in constant time), otherwise undefined. */
  verify(login: string, password: string): UserRecord | undefined {
    const user = this.byLogin.get(login);
    const candidate = hashSecret(password);
    // compare even for unknown logins so timing does not reveal which logins exist
    const expected = user?.passwordHash ?? Buffer.alloc(candidate.length);
    return timingSafeEqual(candidate, expected) && user ? user : undefined;
  }

  clear(): void {
    this.byLogin.clear();
    this.byId.clear();
    this.nextId = 1;
  }
}
