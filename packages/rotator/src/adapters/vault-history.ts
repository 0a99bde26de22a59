/**
 * A secret's versions as history needs them: when each was written and which key it held. Each
 * version's data is read to learn its `key_id` and `rotated_at`; the secret itself is dropped here
 * and goes no further.
 */
import { type VaultClient, VaultNotFoundError } from "@keywarden/vault";
import { toStoreError } from "./vault-store.js";

/** One Vault version of a key's secret, without the secret. */
export interface VaultVersionRecord {
  readonly version: number;
  /** When Vault wrote it, epoch ms. */
  readonly createdAt: number;
  /** The key whose secret it holds (`key_id`), when readable. */
  readonly keyId: string | undefined;
  /** `rotated_at` as the rotator wrote it (epoch ms); undefined for a version written by hand. */
  readonly rotatedAt: number | undefined;
  /** Deleted or destroyed: its data cannot be read any more. */
  readonly gone: boolean;
}

/** Reads a path's versions, oldest first; none when the path does not exist. */
export function createVaultHistory(vault: Pick<VaultClient, "kv">) {
  return async (path: string): Promise<VaultVersionRecord[]> => {
    let metadata: Awaited<ReturnType<VaultClient["kv"]["readMetadata"]>>;
    try {
      metadata = await vault.kv.readMetadata(path);
    } catch (error) {
      if (error instanceof VaultNotFoundError) return [];
      throw toStoreError(`read the versions of ${path}`, error);
    }
    const versions = Object.entries(metadata.versions)
      .map(([version, summary]) => ({ version: Number(version), summary }))
      .sort((a, b) => a.version - b.version);
    return Promise.all(
      versions.map(async ({ version, summary }): Promise<VaultVersionRecord> => {
        const createdAt = Date.parse(summary.created_time);
        const gone = summary.destroyed || (summary.deletion_time ?? "") !== "";
        if (gone) return { version, createdAt, keyId: undefined, rotatedAt: undefined, gone };
        const { data } = await vault.kv.read(path, { version });
        const rotatedAt = typeof data.rotated_at === "string" ? Date.parse(data.rotated_at) : undefined;
        return {
          version,
          createdAt,
          keyId: data.key_id === undefined ? undefined : String(data.key_id),
          rotatedAt: Number.isNaN(rotatedAt) ? undefined : rotatedAt,
          gone,
        };
      }),
    );
  };
}
