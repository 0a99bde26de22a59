import { rfc3339Nano } from "../wire/time.js";
import type { Attribution, KvConfig, KvContext, KvKey, KvVersion } from "./types.js";

/** Vault's default number of versions kept when neither the key nor the mount sets one. */
const DEFAULT_MAX_VERSIONS = 10;

/** The larger of the key's and the mount's limit, or 10 when both are 0 (KV `AddVersion`). */
function effectiveMaxVersions(key: KvKey, config: KvConfig): number {
  const limit = Math.max(key.maxVersions, config.maxVersions);
  return limit > 0 ? limit : DEFAULT_MAX_VERSIONS;
}

/** Seconds after which a new version is deleted, or 0 for never. The key's value is capped by the mount's. */
export function effectiveDeleteVersionAfter(key: KvKey | undefined, config: KvConfig): number {
  if (config.deleteVersionAfter < 0) return 0;
  const own = key?.deleteVersionAfter ?? 0;
  if (own > 0) return config.deleteVersionAfter > 0 ? Math.min(own, config.deleteVersionAfter) : own;
  return Math.max(config.deleteVersionAfter, 0);
}

/** A version counts as deleted once its deletion time has passed; a future one is only scheduled. */
export function isDeleted(version: KvVersion, nowMs: number): boolean {
  return version.deletionMs !== undefined && version.deletionMs <= nowMs;
}

/** A new, empty metadata record (as a write or a metadata POST creates it). */
export function newKey(ctx: KvContext, operation: Attribution["operation"]): KvKey {
  return {
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs,
    currentVersion: 0,
    oldestVersion: 0,
    maxVersions: 0,
    casRequired: false,
    deleteVersionAfter: 0,
    customMetadata: null,
    versions: new Map(),
    lastUpdatedBy: { actor: ctx.actor, operation },
  };
}

/**
 * Adds a version and prunes the oldest ones beyond the limit, reproducing the `oldest_version` quirk:
 * it stays 0 until `current_version` reaches the limit, then becomes `current - limit + 1`.
 */
export function addVersion(
  key: KvKey,
  config: KvConfig,
  data: Record<string, unknown>,
  ctx: KvContext,
  operation: Attribution["operation"],
): KvVersion {
  const dva = effectiveDeleteVersionAfter(key, config);
  const version: KvVersion = {
    createdMs: ctx.nowMs,
    destroyed: false,
    data,
    createdBy: { actor: ctx.actor, operation },
    ...(dva > 0 ? { deletionMs: ctx.nowMs + dva * 1000 } : {}),
  };
  key.currentVersion += 1;
  key.versions.set(key.currentVersion, version);
  key.updatedMs = ctx.nowMs;
  key.lastUpdatedBy = { actor: ctx.actor, operation };
  const limit = effectiveMaxVersions(key, config);
  if (key.currentVersion - key.oldestVersion >= limit) {
    const lastToDrop = key.currentVersion - limit;
    for (const n of [...key.versions.keys()]) if (n <= lastToDrop) key.versions.delete(n);
    key.oldestVersion = lastToDrop + 1;
  }
  return version;
}

/** The per-version metadata object of data responses (a Go map: keys sorted on the wire). */
export function versionMetadata(key: KvKey, number: number, version: KvVersion): Record<string, unknown> {
  return {
    created_time: rfc3339Nano(version.createdMs),
    custom_metadata: key.customMetadata,
    deletion_time: version.deletionMs === undefined ? "" : rfc3339Nano(version.deletionMs),
    destroyed: version.destroyed,
    version: number,
  };
}
