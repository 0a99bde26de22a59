/**
 * The rotator's own API key behind the `OwnKey` port, in its two forms: kept in Vault (read from
 * there, and read again when the key service refuses it or when the rotator switches to a successor
 * it just rotated in), or given directly (identified once through the usage log).
 */
import type { ApiKeySupplier } from "@keywarden/sdk";
import { type VaultClient, VaultNotFoundError } from "@keywarden/vault";
import { PermanentError, TransientError } from "../port-errors.js";
import type { KeyId, OwnKey } from "../ports.js";
import { toStoreError } from "./vault-store.js";

interface StoredOwnKey {
  readonly apiKey: string;
  readonly keyId: KeyId;
}

/**
 * The rotator's key at `path` under the KV mount, `{api_key, key_id}`: the shape the rotator writes,
 * so once it rotates its own key, every process reading the path gets the successor. `supply` is the
 * SDK's key supplier: it answers from memory, and reads Vault again when the key was refused.
 */
export function vaultOwnKey(vault: VaultClient, path: string): OwnKey & { readonly supply: ApiKeySupplier } {
  let current: StoredOwnKey | undefined;
  let reading: Promise<StoredOwnKey> | undefined;
  const read = (): Promise<StoredOwnKey> => {
    reading ??= readOwnKey(vault, path).then(
      (found) => {
        current = found;
        reading = undefined;
        return found;
      },
      (error: unknown) => {
        reading = undefined;
        throw error;
      },
    );
    return reading;
  };
  return {
    kind: "managed",
    path,
    async supply({ refused }) {
      if (current === undefined || refused === current.apiKey) return (await read()).apiKey;
      return current.apiKey;
    },
    async isOwn(keyId) {
      return (current ?? (await read())).keyId === keyId;
    },
    async reload() {
      return (await read()).keyId;
    },
    async currentId() {
      return (current ?? (await read())).keyId;
    },
  };
}

async function readOwnKey(vault: VaultClient, path: string): Promise<StoredOwnKey> {
  let data: Record<string, unknown>;
  try {
    data = (await vault.kv.read(path)).data;
  } catch (error) {
    if (error instanceof VaultNotFoundError) {
      throw new PermanentError(
        `KEYWARDEN_API_KEY_VAULT_PATH: Vault holds no secret at ${path} (write {api_key, key_id} there)`,
      );
    }
    throw toStoreError(`read the rotator's own key from ${path}`, error);
  }
  const apiKey = data.api_key;
  const keyId = data.key_id;
  if (
    typeof apiKey !== "string" ||
    apiKey === "" ||
    (typeof keyId !== "string" && typeof keyId !== "number")
  ) {
    throw new PermanentError(
      `KEYWARDEN_API_KEY_VAULT_PATH: the secret at ${path} must hold api_key and key_id (the shape the rotator writes)`,
    );
  }
  return { apiKey, keyId: String(keyId) };
}

/**
 * A key given directly (`KEYWARDEN_API_KEY`): never rotated by the rotator. It is recognised by its
 * secret when Vault holds the same one, else by `identify` (the usage log), asked once per process.
 */
export function fixedOwnKey(secret: string, identify: () => Promise<KeyId | undefined>): OwnKey {
  let identified: Promise<KeyId> | undefined;
  // Fails closed: a key the rotator cannot tell apart from its own is not retired (a transient
  // failure, tried again later), and an unknown answer is never remembered.
  const ownId = () => {
    identified ??= identify().then((id) => {
      if (id === undefined) {
        throw new TransientError(
          "could not tell which key the rotator runs with (KEYWARDEN_API_KEY was refused, or the usage log does not name it)",
        );
      }
      return id;
    });
    identified.catch(() => {
      identified = undefined;
    });
    return identified;
  };
  return {
    kind: "fixed",
    async isOwn(keyId, vaultSecret) {
      if ((await vaultSecret()) === secret) return true;
      return (await ownId()) === keyId;
    },
    reload: ownId,
    currentId: ownId,
  };
}
