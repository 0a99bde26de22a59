import { readFileSync } from "node:fs";
import type { UserSeed } from "../auth/users.js";
import type { AuthorizationGroupSeed } from "../keys/authorization-groups.js";
import { PERMISSIONS, type Permission } from "../keys/model.js";

/** A key to create at start (or through `/__mock/seed`), optionally with a known secret. */
export interface KeySeed {
  /** Login of the owning user. */
  owner: string;
  name: string;
  /** The secret the key answers to; without one the key has no usable secret until generated. */
  secret?: string;
  description?: string | null;
  allowedIp?: string[];
  /** ISO-8601 instant or null (never). Seeds may set a past expiry, to test expired keys. */
  expiresAt?: string | null;
  /** Seed the key already revoked. */
  revoked?: boolean;
  /** The key's authorization group (built-in or seeded); omitted: its owner's permissions. */
  authorizationGroup?: string | null;
}

/** Everything that can be seeded: from options, a JSON file, or `POST /__mock/seed`. */
export interface SeedData {
  users?: UserSeed[];
  /** Authorization groups beside the built-in ones. */
  groups?: AuthorizationGroupSeed[];
  keys?: KeySeed[];
  /** Extra documents for the `alert-*` index, added after the generated ones. */
  alerts?: Record<string, unknown>[];
  /** How many alerts to generate (default 300). */
  alertCount?: number;
  /** Seed of the alert generator (default 42). */
  alertSeed?: number;
}

/**
 * Reads a seed file (JSON shaped as {@link SeedData}).
 * @throws {Error} naming the file and what is wrong with it.
 */
export function readSeedFile(path: string): SeedData {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read seed file ${path}: ${(error as Error).message}`);
  }
  try {
    return checkSeed(JSON.parse(text));
  } catch (error) {
    throw new Error(`Seed file ${path} is not valid: ${(error as Error).message}`);
  }
}

/** Checks the shape of seed data. @throws {TypeError} saying which entry is wrong. */
export function checkSeed(value: unknown): SeedData {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      "seed must be a JSON object with users, groups, keys, alerts, alertCount or alertSeed",
    );
  }
  const seed = value as SeedData;
  if (seed.users !== undefined && !Array.isArray(seed.users)) throw new TypeError("users must be an array");
  if (seed.keys !== undefined && !Array.isArray(seed.keys)) throw new TypeError("keys must be an array");
  if (seed.groups !== undefined && !Array.isArray(seed.groups))
    throw new TypeError("groups must be an array");
  if (seed.alerts !== undefined && !Array.isArray(seed.alerts))
    throw new TypeError("alerts must be an array");
  seed.keys?.forEach((key, index) => {
    if (typeof key?.owner !== "string" || typeof key.name !== "string") {
      throw new TypeError(`keys[${index}] needs an owner (a login) and a name`);
    }
  });
  return seed;
}

/**
 * Parses the CLI's `--user name:password[:perm,perm]`.
 * @throws {TypeError} explaining the expected form.
 */
export function parseUserFlag(flag: string): UserSeed {
  const [login, password, permissions, ...rest] = flag.split(":");
  if (!login || password === undefined || rest.length > 0) {
    throw new TypeError(
      `--user "${flag}" must look like name:password or name:password:api.key.view,api.key.create`,
    );
  }
  if (permissions === undefined || permissions === "") return { login, password };
  const list = permissions.split(",").map((item) => item.trim()) as Permission[];
  const unknown = list.filter((item) => !PERMISSIONS.includes(item));
  if (unknown.length > 0) {
    throw new TypeError(
      `--user ${login}: unknown permission(s) ${unknown.join(", ")}; use ${PERMISSIONS.join(", ")}`,
    );
  }
  return { login, password, permissions: list };
}
