/**
 * The read-only Vault pre-flight of `plan`: is the token valid (`auth/token/lookup-self`), and may it
 * do on each key's path what a rotation does? Nothing is read from a secret and nothing is written.
 *
 * The path check asks Vault itself (`sys/capabilities-self`, which Vault's `default` policy grants)
 * for the token's capabilities on the secret's data and metadata paths, rather than trying a read:
 * a read proves only that the token may read, while the rotation fails, after creating a successor
 * key, when it may not write.
 */
import {
  type VaultClient,
  VaultConfigError,
  VaultConnectionError,
  VaultError,
  VaultForbiddenError,
  VaultSealedError,
} from "@keywarden/vault";
import {
  type CapabilityGap,
  capabilityGaps,
  describeGaps,
  describeTokenRejection,
  rotationAccessNeeds,
} from "./vault-capabilities.js";

/** What the token is, for the plan's header line (no token value). */
export interface VaultTokenInfo {
  readonly policies: readonly string[];
  /** Seconds left; 0 = never expires. */
  readonly ttlSeconds: number;
}

/** What the token may do on a key's Vault path. */
export type VaultPathAccess =
  /** Every capability a rotation uses (`read`, `create`, `update` on data; `create`, `update` on metadata). */
  | { readonly kind: "allowed" }
  /**
   * The token lacks some of them (`missing` says which, on which full path); the rotation would end
   * in needs-attention before creating anything. Also when Vault refuses the token itself.
   */
  | { readonly kind: "denied"; readonly reason: string; readonly missing: readonly CapabilityGap[] }
  /** Anything else (sealed, 5xx, connection): the check could not tell. */
  | { readonly kind: "unknown"; readonly reason: string };

/** Vault is unreachable, sealed, or the token (or AppRole login) is not accepted. */
export class VaultPreflightError extends Error {
  override name = "VaultPreflightError";
}

/** The pre-flight checks over one Vault client. */
export interface VaultAccessCheck {
  /** `lookup-self`. @throws VaultPreflightError with a message that says what to fix. */
  token(): Promise<VaultTokenInfo>;
  /**
   * Asks Vault what the token may do on the path (relative to the KV mount) and its metadata, and
   * reports whether a rotation could store its secret there. Reads no secret.
   */
  path(path: string): Promise<VaultPathAccess>;
}

/** Builds the checks; `address` is only used in messages (without credentials: config refuses them). */
export function createVaultAccessCheck(client: VaultClient, address: string): VaultAccessCheck {
  return {
    async token() {
      try {
        // With AppRole there is no token before the first login.
        const self = await client.lookupSelf().catch(async (error: unknown) => {
          if (!(error instanceof VaultConfigError)) throw error;
          await client.loginWithAppRole();
          return client.lookupSelf();
        });
        return { policies: self.policies, ttlSeconds: self.ttl };
      } catch (error) {
        throw new VaultPreflightError(describeTokenFailure(error, address), { cause: error });
      }
    },
    async path(path) {
      const needs = rotationAccessNeeds(client.kv.mount, path);
      let granted: Record<string, string[]>;
      try {
        granted = await client.capabilitiesSelf(Object.keys(needs));
      } catch (error) {
        if (error instanceof VaultForbiddenError) {
          return { kind: "denied", reason: describeTokenRejection(error), missing: [] };
        }
        return { kind: "unknown", reason: error instanceof Error ? error.message : String(error) };
      }
      const missing = capabilityGaps(granted, needs);
      return missing.length > 0
        ? { kind: "denied", reason: describeGaps(missing), missing }
        : { kind: "allowed" };
    },
  };
}

function describeTokenFailure(error: unknown, address: string): string {
  if (error instanceof VaultConnectionError) {
    return `Vault is not reachable at ${address} (${error.code ?? "no answer"}); check VAULT_ADDR and that Vault is running.`;
  }
  if (error instanceof VaultSealedError) return `Vault at ${address} is sealed; unseal it and try again.`;
  if (error instanceof VaultForbiddenError) {
    return `Vault at ${address} rejected the token (${error.reason}): it is unknown, expired or revoked; check VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID.`;
  }
  if (error instanceof VaultError) return `Vault at ${address} refused the token check: ${error.message}`;
  return `Vault at ${address}: the token check failed (${error instanceof Error ? error.message : String(error)})`;
}
