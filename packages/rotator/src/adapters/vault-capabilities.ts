/**
 * The capability rule shared by the rotation's pre-flight (`SecretStore.checkWriteAccess`) and
 * `plan`'s (`VaultAccessCheck.path`): which capabilities a token lacks on a secret's KV v2 paths,
 * from a `sys/capabilities-self` answer, and how to say so. Pure.
 */
import type { VaultForbiddenError } from "@keywarden/vault";

/** What writing a secret takes on each of its two paths: the first version needs `create`, later ones `update`. */
export const WRITE_CAPABILITIES = ["create", "update"] as const;

/**
 * What a rotation takes on the secret's data path: it reads back what it wrote to verify it, and a
 * token that can write but not read would leave a successor behind that no one can check.
 */
export const ROTATION_DATA_CAPABILITIES = ["read", ...WRITE_CAPABILITIES] as const;

/** A secret's two KV v2 API paths, mount included. */
export interface KvSecretPaths {
  /** `<mount>/data/<path>`: the versions. */
  readonly data: string;
  /** `<mount>/metadata/<path>`: `custom_metadata` and the version list. */
  readonly metadata: string;
}

/** The full paths of `path` (relative to the mount, e.g. `keywarden/billing`) on `mount`. */
export function kvSecretPaths(mount: string, path: string): KvSecretPaths {
  return { data: `${mount}/data/${path}`, metadata: `${mount}/metadata/${path}` };
}

/**
 * What a rotation of the secret at `path` (relative to `mount`) needs, path by path: the one rule
 * behind the rotation's pre-check, `plan`'s check and the tests' fake store.
 */
export function rotationAccessNeeds(mount: string, path: string): Record<string, readonly string[]> {
  const { data, metadata } = kvSecretPaths(mount, path);
  return { [data]: ROTATION_DATA_CAPABILITIES, [metadata]: WRITE_CAPABILITIES };
}

/** A path on which the token lacks capabilities: which, and what Vault says it has. */
export interface CapabilityGap {
  readonly path: string;
  readonly missing: readonly string[];
  readonly has: readonly string[];
}

/**
 * What the token lacks, path by path (in `needs` order); empty when it has everything. `root`
 * grants everything; a path missing from `granted` counts as `deny`.
 */
export function capabilityGaps(
  granted: Readonly<Record<string, readonly string[]>>,
  needs: Readonly<Record<string, readonly string[]>>,
): CapabilityGap[] {
  return Object.entries(needs).flatMap(([path, needed]) => {
    const has = Object.hasOwn(granted, path) ? (granted[path] as readonly string[]) : ["deny"];
    if (has.includes("root")) return [];
    const missing = needed.filter((capability) => !has.includes(capability));
    return missing.length > 0 ? [{ path, missing, has }] : [];
  });
}

/**
 * `Vault token may not "create" secret/data/keywarden/billing (has: read, update)`; several paths
 * joined with `; `.
 */
export function describeGaps(gaps: readonly CapabilityGap[]): string {
  return gaps
    .map(
      ({ path, missing, has }) => `Vault token may not ${either(missing)} ${path} (has: ${has.join(", ")})`,
    )
    .join("; ");
}

/** `"create"`, `"create" or "update"`, `"read", "create" or "update"`. */
function either(capabilities: readonly string[]): string {
  const quoted = capabilities.map((c) => `"${c}"`);
  const last = quoted.pop() as string;
  return quoted.length > 0 ? `${quoted.join(", ")} or ${last}` : last;
}

/**
 * Why Vault refused `sys/capabilities-self` itself: every token with Vault's `default` policy may
 * ask it, so a 403 there is about the token, not about the secret's path.
 */
export function describeTokenRejection(error: VaultForbiddenError): string {
  const why =
    error.reason === "missing-token"
      ? "no token was sent"
      : error.reason === "denied"
        ? `it lacks Vault's "default" policy, which grants sys/capabilities-self`
        : "it is unknown, expired or revoked";
  return `Vault rejected the token (${error.reason}) before the rotation changed anything: ${why}; check VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID`;
}
