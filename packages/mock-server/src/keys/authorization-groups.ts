import { PERMISSIONS, type Permission } from "./model.js";

/** A named set of permissions an API key can be limited to (the spec's `AuthorizationGroup`). */
export interface AuthorizationGroup {
  name: string;
  description: string;
  permissions: readonly Permission[];
  builtIn: boolean;
}

/** How a seed file describes a group of its own. */
export interface AuthorizationGroupSeed {
  name: string;
  description?: string;
  permissions: readonly Permission[];
}

/**
 * The groups every documented server has. Searching needs no `api.key.*` permission, so
 * `search-only` holds none: a key in it can search and do nothing else.
 */
export const BUILT_IN_GROUPS: readonly AuthorizationGroup[] = [
  {
    name: "key-administration",
    description: "Manage API keys (view, create, update, delete) and search",
    permissions: PERMISSIONS,
    builtIn: true,
  },
  {
    name: "read-only",
    description: "Read API keys and their usage, and search",
    permissions: ["api.key.view"],
    builtIn: true,
  },
  { name: "search-only", description: "Search only; no access to API keys", permissions: [], builtIn: true },
];

// the spec's AuthorizationGroupName
const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The groups of the mock: the built-in ones and those seeded, by name. */
export class AuthorizationGroups {
  private readonly byName = new Map<string, AuthorizationGroup>();

  constructor() {
    this.clear();
  }

  /**
   * Adds a seeded group.
   * @throws {TypeError} for a bad name, an unknown permission or a name already taken.
   */
  add(seed: AuthorizationGroupSeed): AuthorizationGroup {
    if (typeof seed?.name !== "string" || !GROUP_NAME.test(seed.name)) {
      throw new TypeError(
        `A group needs a name of 1-64 letters, digits, ".", "_" or "-" (first a letter or digit), got ${JSON.stringify(seed?.name)}`,
      );
    }
    if (this.byName.has(seed.name)) throw new TypeError(`A group named "${seed.name}" already exists`);
    if (!Array.isArray(seed.permissions)) {
      throw new TypeError(`Group ${seed.name} needs permissions: an array of ${PERMISSIONS.join(", ")}`);
    }
    for (const permission of seed.permissions) {
      if (!PERMISSIONS.includes(permission)) {
        throw new TypeError(
          `Unknown permission "${permission}" in group ${seed.name}; use ${PERMISSIONS.join(", ")}`,
        );
      }
    }
    const group: AuthorizationGroup = {
      name: seed.name,
      description: seed.description ?? "",
      // in the spec's order, once each
      permissions: PERMISSIONS.filter((permission) => seed.permissions.includes(permission)),
      builtIn: false,
    };
    this.byName.set(group.name, group);
    return group;
  }

  /** The group with this name (case-sensitive), if any. */
  find(name: string): AuthorizationGroup | undefined {
    return this.byName.get(name);
  }

  /** Every group, by name. */
  all(): AuthorizationGroup[] {
    return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Forgets the seeded groups; the built-in ones stay. */
  clear(): void {
    this.byName.clear();
    for (const group of BUILT_IN_GROUPS) this.byName.set(group.name, group);
  }
}

/**
 * The permissions a key acts with: its owner's, narrowed to its group's when it has one. A group
 * that no longer exists grants nothing, so a key never gains rights by losing its group.
 */
export function keyPermissions(
  ownerPermissions: ReadonlySet<Permission>,
  groupName: string | null,
  groups: AuthorizationGroups,
): Permission[] {
  if (groupName === null) return [...ownerPermissions];
  const group = groups.find(groupName);
  return group ? group.permissions.filter((permission) => ownerPermissions.has(permission)) : [];
}

/** Whether a caller holding `held` may give a key this group: it must hold every permission of it. */
export function mayAssign(group: AuthorizationGroup, held: ReadonlySet<string>): boolean {
  return group.permissions.every((permission) => held.has(permission));
}

/**
 * Why a caller may not give a key this group (`null`: the owner's permissions), or undefined when it
 * may. A key may hold at most what its caller holds: a caller limited by its own key's group may
 * therefore not create a key without a group unless it holds all of its owner's permissions.
 */
export function groupAssignmentProblem(
  groupName: string | null | undefined,
  groups: AuthorizationGroups,
  held: ReadonlySet<string>,
  ownerPermissions: ReadonlySet<Permission>,
): string | undefined {
  const listed = "GET /api/api-keys/authorization-groups lists the groups you may assign";
  if (groupName === null || groupName === undefined) {
    const beyond = [...ownerPermissions].filter((permission) => !held.has(permission));
    if (beyond.length === 0) return undefined;
    return `is required: this request's API key is limited to fewer permissions than its owner, and a key without a group would hold ${beyond.join(", ")}; ${listed}`;
  }
  const group = groups.find(groupName);
  if (!group) return `no group named ${JSON.stringify(groupName)}; ${listed}`;
  const lacking = group.permissions.filter((permission) => !held.has(permission));
  if (lacking.length > 0) {
    return `group "${group.name}" grants ${lacking.join(", ")}, which the caller does not hold; ${listed}`;
  }
  return undefined;
}
