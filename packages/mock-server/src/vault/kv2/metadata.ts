import { goDuration, parseVaultDuration, rfc3339Nano } from "../wire/time.js";
import { weakInteger } from "./cas.js";
import { decodeCustomMetadata, fieldError, validateCustomMetadata } from "./custom-metadata.js";
import { isPlainObject } from "./merge-patch.js";
import {
  type Attribution,
  badRequest,
  type KvContext,
  type KvKey,
  type KvMount,
  type KvOutcome,
} from "./types.js";
import { newKey } from "./versions.js";

const FIELDS = ["max_versions", "cas_required", "delete_version_after", "custom_metadata"] as const;
const CAS_IGNORED_WARNING =
  '"cas_required" set to false, but is mandated by backend config. This value will be ignored.';

function attribution(a: Attribution | undefined): Record<string, unknown> | null {
  return a ? { actor: a.actor, operation: a.operation } : null;
}

/** `GET metadata/:path` (§4.8): the key's metadata and every kept version, or 404 `{"errors":[]}`. */
export function readMetadata(mount: KvMount, path: string): KvOutcome {
  const key = mount.keys.get(path);
  if (!key) return { kind: "notFound" };
  const versions: Record<string, unknown> = {};
  for (const [n, v] of key.versions) {
    versions[String(n)] = {
      created_by: attribution(v.createdBy),
      created_time: rfc3339Nano(v.createdMs),
      deleted_by: attribution(v.deletedBy),
      deletion_time: v.deletionMs === undefined ? "" : rfc3339Nano(v.deletionMs),
      destroyed: v.destroyed,
    };
  }
  return {
    kind: "data",
    data: {
      cas_required: key.casRequired,
      created_time: rfc3339Nano(key.createdMs),
      current_version: key.currentVersion,
      custom_metadata: key.customMetadata,
      delete_version_after: goDuration(key.deleteVersionAfter),
      last_updated_by: attribution(key.lastUpdatedBy),
      max_versions: key.maxVersions,
      oldest_version: key.oldestVersion,
      updated_time: rfc3339Nano(key.updatedMs),
      versions,
    },
  };
}

interface MetadataChanges {
  maxVersions?: number;
  casRequired?: boolean;
  deleteVersionAfter?: number;
  customMetadata?: Record<string, string | null>;
}

function weakBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") {
    const t = value.trim().toLowerCase();
    if (["1", "t", "true"].includes(t)) return true;
    if (["0", "f", "false", ""].includes(t)) return false;
  }
  return undefined;
}

function decodeChanges(body: Record<string, unknown>, patch: boolean): MetadataChanges | string {
  const changes: MetadataChanges = {};
  if (body.max_versions !== undefined) {
    const n = weakInteger(body.max_versions);
    if (n === undefined)
      return fieldError("max_versions", `cannot parse ${JSON.stringify(String(body.max_versions))} as int`);
    changes.maxVersions = n;
  }
  if (body.cas_required !== undefined) {
    const b = weakBool(body.cas_required);
    if (b === undefined)
      return fieldError("cas_required", `cannot parse ${JSON.stringify(String(body.cas_required))} as bool`);
    changes.casRequired = b;
  }
  if (body.delete_version_after !== undefined) {
    const d = parseVaultDuration(body.delete_version_after);
    if (d === undefined)
      return fieldError(
        "delete_version_after",
        `time: invalid duration ${JSON.stringify(String(body.delete_version_after))}`,
      );
    changes.deleteVersionAfter = d;
  }
  if (body.custom_metadata !== undefined) {
    const decoded = decodeCustomMetadata(body.custom_metadata, patch);
    if (!decoded.ok) return decoded.message;
    changes.customMetadata = decoded.value;
  }
  return changes;
}

function applyChanges(
  key: KvKey,
  mount: KvMount,
  changes: MetadataChanges,
  patch: boolean,
  ctx: KvContext,
): KvOutcome {
  let custom = key.customMetadata;
  if (changes.customMetadata) {
    const merged: Record<string, string | null> = patch
      ? { ...(key.customMetadata ?? {}), ...changes.customMetadata }
      : changes.customMetadata;
    const next = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null)) as Record<
      string,
      string
    >;
    const problem = validateCustomMetadata(next);
    if (problem) return badRequest(problem);
    custom = Object.keys(next).length > 0 ? next : null; // protobuf drops empty maps: reads back null
  }
  const warnings: string[] = [];
  if (changes.maxVersions !== undefined) key.maxVersions = changes.maxVersions;
  if (changes.casRequired !== undefined) {
    if (changes.casRequired === false && mount.config.casRequired) warnings.push(CAS_IGNORED_WARNING);
    key.casRequired = changes.casRequired;
  }
  if (changes.deleteVersionAfter !== undefined) key.deleteVersionAfter = changes.deleteVersionAfter;
  key.customMetadata = custom;
  key.updatedMs = ctx.nowMs;
  key.lastUpdatedBy = { actor: ctx.actor, operation: patch ? "patch" : "update" };
  return warnings.length > 0 ? { kind: "warnings", warnings } : { kind: "noContent" };
}

/**
 * `POST/PUT metadata/:path` (§4.9): creates or updates the metadata without creating a version.
 * Replaces `custom_metadata` as a whole. With none of the known fields it is a 204 that changes nothing.
 */
export function writeMetadata(mount: KvMount, path: string, body: unknown, ctx: KvContext): KvOutcome {
  const input = isPlainObject(body) ? body : {};
  if (!FIELDS.some((f) => input[f] !== undefined)) return { kind: "noContent" };
  const changes = decodeChanges(input, false);
  if (typeof changes === "string") return badRequest(changes);
  const existing = mount.keys.get(path);
  const key = existing ?? newKey(ctx, "create");
  const outcome = applyChanges(key, mount, changes, false, ctx);
  if (!existing && outcome.kind !== "error") {
    key.lastUpdatedBy = { actor: ctx.actor, operation: "create" };
    mount.keys.set(path, key);
  }
  return outcome;
}

/** `PATCH metadata/:path` (§4.10): merges `custom_metadata` (`null` removes a key); 404 with no body when missing. */
export function patchMetadata(mount: KvMount, path: string, body: unknown, ctx: KvContext): KvOutcome {
  const key = mount.keys.get(path);
  if (!key) return { kind: "emptyNotFound" };
  const changes = decodeChanges(isPlainObject(body) ? body : {}, true);
  if (typeof changes === "string") return badRequest(changes);
  return applyChanges(key, mount, changes, true, ctx);
}

/** `DELETE metadata/:path` (§4.11): removes the key and every version for good; 204 even when missing. */
export function deleteMetadata(mount: KvMount, path: string): KvOutcome {
  mount.keys.delete(path);
  return { kind: "noContent" };
}
