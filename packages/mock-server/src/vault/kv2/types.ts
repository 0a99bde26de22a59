/**
 * The state of KV v2 mounts, as plain data. Times are epoch milliseconds from the mock's clock;
 * durations are whole seconds (Vault's `delete_version_after` is a Go duration in seconds).
 */

/** Who did something to a version (Vault 1.21+ attribution). */
export interface Attribution {
  actor: string;
  operation: "create" | "update" | "patch" | "delete" | "undelete";
}

/** One version of a secret. `data` is dropped when the version is destroyed or pruned. */
export interface KvVersion {
  createdMs: number;
  /** Set by a soft delete, or in the future by `delete_version_after`. */
  deletionMs?: number;
  destroyed: boolean;
  data?: Record<string, unknown>;
  createdBy: Attribution;
  deletedBy?: Attribution;
}

/** A key's metadata record plus its versions. */
export interface KvKey {
  createdMs: number;
  updatedMs: number;
  currentVersion: number;
  oldestVersion: number;
  /** 0 = use the mount's value. */
  maxVersions: number;
  casRequired: boolean;
  /** Seconds; 0 = use the mount's value. */
  deleteVersionAfter: number;
  customMetadata: Record<string, string> | null;
  versions: Map<number, KvVersion>;
  lastUpdatedBy: Attribution;
}

/** A mount's `config`. */
export interface KvConfig {
  /** 0 = the default of 10. */
  maxVersions: number;
  casRequired: boolean;
  /** Seconds; negative disables the feature mount-wide. */
  deleteVersionAfter: number;
}

/** One KV v2 mount. */
export interface KvMount {
  config: KvConfig;
  keys: Map<string, KvKey>;
}

/** The caller of an operation: the time it happens and the token's display name. */
export interface KvContext {
  nowMs: number;
  actor: string;
}

/**
 * What a KV operation answers, before it is put on the wire. Each kind maps to one body shape of the
 * contract (§1.5): an envelope, 204, `{"errors":[]}`, an error, a 404 with a raw envelope, or an
 * empty body.
 */
export type KvOutcome =
  | { kind: "data"; data: Record<string, unknown>; warnings?: string[] }
  | { kind: "warnings"; warnings: string[] }
  | { kind: "noContent" }
  | { kind: "notFound" }
  | { kind: "error"; status: number; message: string }
  | { kind: "rawNotFound"; data: Record<string, unknown> }
  | { kind: "emptyNotFound" };

/** A fresh mount with Vault's defaults (`max_versions` 0 → 10, no CAS, no auto-deletion). */
export function createKvMount(): KvMount {
  return { config: { maxVersions: 0, casRequired: false, deleteVersionAfter: 0 }, keys: new Map() };
}

export const badRequest = (message: string): KvOutcome => ({ kind: "error", status: 400, message });
