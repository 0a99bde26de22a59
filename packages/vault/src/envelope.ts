/**
 * Vault's response envelope and `auth` block, typed by hand from kv2-contract.md §1.1: the generated
 * types (`generated/vault.ts`) describe only what is under `data`.
 */
import type { components } from "./generated/vault.js";

type Schemas = components["schemas"];

/** The envelope around every 200 body. */
export interface VaultEnvelope<TData> {
  request_id: string;
  lease_id: string;
  renewable: boolean;
  lease_duration: number;
  data: TData;
  wrap_info: unknown;
  warnings: string[] | null;
  auth: VaultAuth | null;
  mount_type: string;
}

/** The `auth` block of login and renew answers. */
export interface VaultAuth {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies?: string[];
  identity_policies?: string[];
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: string;
  token_type: string;
  orphan: boolean;
  mfa_requirement: unknown;
  num_uses: number;
}

/** Metadata of one version, as data, write and patch answers give it. */
export interface KvVersionMetadata
  extends Required<
    Pick<Schemas["KvV2WriteResponse"], "created_time" | "deletion_time" | "destroyed" | "version">
  > {
  custom_metadata: Record<string, string> | null;
}

/** `GET data/:path`: the secret and its version metadata. */
export interface KvSecret<T extends Record<string, unknown> = Record<string, unknown>> {
  data: T;
  metadata: KvVersionMetadata;
}

/** One entry of `versions` in a metadata read. */
export interface KvVersionSummary {
  created_time: string;
  deletion_time: string;
  destroyed: boolean;
}

/** `GET metadata/:path`. */
export interface KvMetadata
  extends Required<
    Pick<
      Schemas["KvV2ReadMetadataResponse"],
      | "cas_required"
      | "created_time"
      | "current_version"
      | "delete_version_after"
      | "max_versions"
      | "oldest_version"
      | "updated_time"
    >
  > {
  custom_metadata: Record<string, string> | null;
  versions: Record<string, KvVersionSummary>;
}

/** Fields a metadata write or patch may set (`null` in a patch's custom_metadata removes a key). */
export interface KvMetadataInput {
  max_versions?: number;
  cas_required?: boolean;
  delete_version_after?: string;
  custom_metadata?: Record<string, string | null>;
}

/** `data` of `auth/token/lookup-self`. */
export interface TokenLookup {
  accessor: string;
  creation_time: number;
  creation_ttl: number;
  display_name: string;
  entity_id: string;
  expire_time: string | null;
  explicit_max_ttl: number;
  id: string;
  issue_time?: string;
  meta: Record<string, string> | null;
  num_uses: number;
  orphan: boolean;
  path: string;
  policies: string[];
  renewable?: boolean;
  ttl: number;
  type: string;
}

/** The `sys/health` body plus the status it came with. */
export interface VaultHealth {
  status: number;
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  performance_standby: boolean;
  version: string;
  server_time_utc: number;
  cluster_name?: string;
  cluster_id?: string;
  [field: string]: unknown;
}
