/**
 * The read-only Vault pre-flight of `plan`: is the token valid (`auth/token/lookup-self`), and may it
 * use each key's path? Nothing is written.
 *
 * Vault can answer "what may this token do on this path" (`sys/capabilities-self`), but the Vault
 * emulation the tests and the demo run against does not serve it, so the path check does what the
 * store step does first: it reads the path's current version. A policy that denies that read denies
 * the rotation too; a policy that allows it is necessary, not sufficient, for the write (the
 * plan says so). The secret read is dropped at once, never printed or kept.
 */
import {
  type VaultClient,
  VaultConfigError,
  VaultConnectionError,
  VaultError,
  VaultForbiddenError,
  VaultNotFoundError,
  VaultSealedError,
} from "../vault/index.js";

/** What the token is, for the plan's header line (no token value). */
export interface VaultTokenInfo {
  readonly policies: readonly string[];
  /** Seconds left; 0 = never expires. */
  readonly ttlSeconds: number;
}

/** What a read of a key's Vault path said. */
export type VaultPathAccess =
  /** Read allowed; `version` is the current version, undefined for a path not written yet. */
  | { readonly kind: "readable"; readonly version: number | undefined }
  /** 403: the token's policy does not allow it; the rotation would end in needs-attention. */
  | { readonly kind: "denied"; readonly reason: string }
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
  /** Reads the path (relative to the KV mount) and reports whether the token may. */
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
      try {
        const secret = await client.kv.read(path);
        return { kind: "readable", version: secret.metadata.version };
      } catch (error) {
        if (error instanceof VaultNotFoundError) return { kind: "readable", version: error.version?.version };
        if (error instanceof VaultForbiddenError) return { kind: "denied", reason: error.message };
        return { kind: "unknown", reason: error instanceof Error ? error.message : String(error) };
      }
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
