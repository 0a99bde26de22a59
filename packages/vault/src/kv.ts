import type { KvMetadata, KvMetadataInput, KvSecret, KvVersionMetadata, VaultEnvelope } from "./envelope.js";
import { VaultNotFoundError } from "./errors.js";
import type { VaultAnswer, VaultCall } from "./transport.js";

/** Sends a call with the session's token; `idempotent` calls are retried with backoff. */
export type AuthenticatedCall = (call: Omit<VaultCall, "token">, idempotent: boolean) => Promise<VaultAnswer>;

/** Options of a write or patch: `cas` = the version you read (0 = only if the key does not exist). */
export interface KvWriteOptions {
  cas?: number;
}

/**
 * KV v2 operations on one mount. Paths are relative to the mount (`keywarden/app`, not
 * `secret/data/keywarden/app`).
 */
export interface KvApi {
  readonly mount: string;
  /** Latest version, or `version`. Throws {@link VaultNotFoundError} (with `.deleted`/`.destroyed` when known). */
  read<T extends Record<string, unknown> = Record<string, unknown>>(
    path: string,
    options?: { version?: number },
  ): Promise<KvSecret<T>>;
  /** A new version. With `cas`, only if `cas` equals the current version (else {@link VaultCasMismatchError}). */
  write(path: string, data: Record<string, unknown>, options?: KvWriteOptions): Promise<KvVersionMetadata>;
  /** JSON merge patch on the current version (`null` removes a key); a new version. */
  patch(path: string, data: Record<string, unknown>, options?: KvWriteOptions): Promise<KvVersionMetadata>;
  readMetadata(path: string): Promise<KvMetadata>;
  /** Creates or replaces metadata (`custom_metadata` is replaced whole). Returns Vault's warnings. */
  writeMetadata(path: string, input: KvMetadataInput): Promise<string[]>;
  /** Merges metadata; a `null` custom_metadata value removes that key. */
  patchMetadata(path: string, input: KvMetadataInput): Promise<string[]>;
  /** Deletes the key, every version and its metadata, for good. */
  deleteMetadata(path: string): Promise<void>;
  /** Direct children of a folder (sub-folders end in `/`); `[]` when there are none. Order is Vault's. */
  list(prefix?: string): Promise<string[]>;
  /** Soft-deletes the latest version. */
  deleteLatest(path: string): Promise<void>;
  deleteVersions(path: string, versions: number[]): Promise<void>;
  undeleteVersions(path: string, versions: number[]): Promise<void>;
  /** Destroys versions' data permanently. */
  destroyVersions(path: string, versions: number[]): Promise<void>;
}

function warningsOf(answer: VaultAnswer): string[] {
  return (answer.body as VaultEnvelope<unknown> | undefined)?.warnings ?? [];
}

/** Builds the KV API for `mount` over an authenticated caller. */
export function createKvApi(call: AuthenticatedCall, mount: string): KvApi {
  const at = (path: string) => ({ kv_v2_mount_path: mount, path });
  const versionsCall = (which: "delete" | "undelete" | "destroy", path: string, versions: number[]) =>
    call(
      {
        method: "POST",
        path: `/{kv_v2_mount_path}/${which}/{path}`,
        pathParams: at(path),
        body: { versions },
      },
      false,
    ).then(() => undefined);
  return {
    mount,
    async read<T extends Record<string, unknown>>(path: string, options: { version?: number } = {}) {
      const query = options.version === undefined ? undefined : { version: String(options.version) };
      const answer = await call(
        {
          method: "GET",
          path: "/{kv_v2_mount_path}/data/{path}",
          pathParams: at(path),
          ...(query ? { query } : {}),
        },
        true,
      );
      return (answer.body as VaultEnvelope<KvSecret<T>>).data;
    },
    async write(path, data, options = {}) {
      const body = options.cas === undefined ? { data } : { data, options: { cas: options.cas } };
      const answer = await call(
        { method: "POST", path: "/{kv_v2_mount_path}/data/{path}", pathParams: at(path), body },
        false,
      );
      return (answer.body as VaultEnvelope<KvVersionMetadata>).data;
    },
    async patch(path, data, options = {}) {
      const body = options.cas === undefined ? { data } : { data, options: { cas: options.cas } };
      const answer = await call(
        {
          method: "PATCH",
          path: "/{kv_v2_mount_path}/data/{path}",
          pathParams: at(path),
          body,
          contentType: "application/merge-patch+json",
        },
        false,
      );
      return (answer.body as VaultEnvelope<KvVersionMetadata>).data;
    },
    async readMetadata(path) {
      const answer = await call(
        { method: "GET", path: "/{kv_v2_mount_path}/metadata/{path}", pathParams: at(path) },
        true,
      );
      return (answer.body as VaultEnvelope<KvMetadata>).data;
    },
    async writeMetadata(path, input) {
      return warningsOf(
        await call(
          { method: "POST", path: "/{kv_v2_mount_path}/metadata/{path}", pathParams: at(path), body: input },
          false,
        ),
      );
    },
    async patchMetadata(path, input) {
      const answer = await call(
        {
          method: "PATCH",
          path: "/{kv_v2_mount_path}/metadata/{path}",
          pathParams: at(path),
          body: input,
          contentType: "application/merge-patch+json",
        },
        false,
      );
      return warningsOf(answer);
    },
    async deleteMetadata(path) {
      await call(
        { method: "DELETE", path: "/{kv_v2_mount_path}/metadata/{path}", pathParams: at(path) },
        false,
      );
    },
    async list(prefix = "") {
      try {
        const answer = await call(
          {
            method: "GET",
            path: "/{kv_v2_mount_path}/metadata/{path}/",
            pathParams: at(prefix),
            query: { list: "true" },
          },
          true,
        );
        return (answer.body as VaultEnvelope<{ keys: string[] }>).data.keys;
      } catch (error) {
        // "LIST requests with no results will also return 404s" (Vault API docs)
        if (error instanceof VaultNotFoundError) return [];
        throw error;
      }
    },
    async deleteLatest(path) {
      await call({ method: "DELETE", path: "/{kv_v2_mount_path}/data/{path}", pathParams: at(path) }, false);
    },
    deleteVersions: (path, versions) => versionsCall("delete", path, versions),
    undeleteVersions: (path, versions) => versionsCall("undelete", path, versions),
    destroyVersions: (path, versions) => versionsCall("destroy", path, versions),
  };
}
