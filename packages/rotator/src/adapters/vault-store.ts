import {
  isRetryable,
  VaultCasMismatchError,
  type VaultClient,
  VaultError,
  VaultForbiddenError,
  VaultNotFoundError,
} from "@keywarden/vault";
import { CasMismatchError, PermanentError, type PortError, TransientError } from "../port-errors.js";
import type { SecretStore } from "../ports.js";
import {
  capabilityGaps,
  describeGaps,
  describeTokenRejection,
  rotationAccessNeeds,
} from "./vault-capabilities.js";

/**
 * Translates a Vault client error into the rotation's error classes: sealed, standby, 5xx and
 * connection errors are transient; a CAS mismatch means re-read; 403 (a path the token may not
 * write) and other 4xx are permanent. Vault's messages never contain the token.
 */
export function toStoreError(operation: string, error: unknown): PortError {
  const message = `${operation}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof VaultCasMismatchError) return new CasMismatchError(message, { cause: error });
  // Sealed, standby, 5xx and no answer: what the Vault client itself retries on reads.
  if (isRetryable(error)) return new TransientError(message, { cause: error });
  if (error instanceof VaultForbiddenError) {
    return new PermanentError(`${operation}: Vault denied it (${error.reason}); check the token's policy`, {
      cause: error,
    });
  }
  if (error instanceof VaultError) return new PermanentError(message, { cause: error });
  return new TransientError(message, { cause: error });
}

/**
 * The rotation's `SecretStore` over the KV v2 client. A soft-deleted or destroyed current version
 * reads as empty data with its version number, so the next write's check-and-set still matches.
 * `checkWriteAccess` asks `sys/capabilities-self` about the secret's data and metadata paths on the
 * client's mount, so nothing is read or written to prove the token may write.
 */
export function createVaultStore(client: VaultClient): SecretStore {
  return {
    async read(path) {
      try {
        const secret = await client.kv.read(path);
        return {
          data: secret.data,
          version: secret.metadata.version,
          customMetadata: secret.metadata.custom_metadata,
        };
      } catch (error) {
        if (error instanceof VaultNotFoundError) {
          return error.version
            ? { data: {}, version: error.version.version, customMetadata: error.version.customMetadata }
            : undefined;
        }
        throw toStoreError(`read ${path} from Vault`, error);
      }
    },
    async write(path, data, cas) {
      try {
        const written = await client.kv.write(path, data, { cas });
        return { version: written.version };
      } catch (error) {
        throw toStoreError(`write ${path} to Vault`, error);
      }
    },
    async writeMetadata(path, customMetadata) {
      try {
        await client.kv.writeMetadata(path, { custom_metadata: customMetadata });
      } catch (error) {
        throw toStoreError(`write the metadata of ${path} to Vault`, error);
      }
    },
    async checkWriteAccess(path) {
      const needs = rotationAccessNeeds(client.kv.mount, path);
      let granted: Record<string, string[]>;
      try {
        granted = await client.capabilitiesSelf(Object.keys(needs));
      } catch (error) {
        // Any token with the default policy may ask: a 403 here says the token itself is bad, and
        // no retry mends that.
        if (error instanceof VaultForbiddenError) {
          throw new PermanentError(describeTokenRejection(error), { cause: error });
        }
        throw toStoreError(`check the Vault token's access to ${path}`, error);
      }
      const gaps = capabilityGaps(granted, needs);
      if (gaps.length > 0) throw new PermanentError(describeGaps(gaps));
    },
  };
}
