import { checkAndSet, weakInteger } from "./cas.js";
import { isPlainObject, mergePatch } from "./merge-patch.js";
import { badRequest, type KvContext, type KvMount, type KvOutcome } from "./types.js";
import { addVersion, isDeleted, newKey, versionMetadata } from "./versions.js";

/**
 * `POST/PUT data/:path`: a new version, with check-and-set (contract §4.2).
 * @param body the decoded request body (`{data, options}`), or `null` for an empty body
 */
export function writeData(mount: KvMount, path: string, body: unknown, ctx: KvContext): KvOutcome {
  const input = isPlainObject(body) ? body : {};
  if (path === "") return badRequest("missing path");
  if (input.data === undefined || input.data === null) return badRequest("no data provided");
  if (!isPlainObject(input.data)) return badRequest("no data provided");
  const existing = mount.keys.get(path);
  const casError = checkAndSet(input.options, existing, mount.config);
  if (casError) return casError;
  const key = existing ?? newKey(ctx, "create");
  if (!existing) mount.keys.set(path, key);
  const operation = existing ? "update" : "create";
  const version = addVersion(key, mount.config, structuredClone(input.data), ctx, operation);
  return { kind: "data", data: versionMetadata(key, key.currentVersion, version) };
}

/**
 * `GET data/:path[?version=N]` (§4.3): 404 `{"errors":[]}` for a missing key or version; 404 with a raw
 * envelope for a deleted or destroyed one; no fallback to an older live version.
 */
export function readData(mount: KvMount, path: string, versionParam: unknown, ctx: KvContext): KvOutcome {
  const key = mount.keys.get(path);
  if (!key) return { kind: "notFound" };
  const requested = versionParam === undefined ? 0 : weakInteger(versionParam);
  if (requested === undefined)
    return badRequest(
      `Field validation failed: error converting input for field "version": cannot parse '' as int: strconv.ParseInt: parsing ${JSON.stringify(String(versionParam))}: invalid syntax`,
    );
  const number = requested > 0 ? requested : key.currentVersion;
  const version = key.versions.get(number);
  if (!version) return { kind: "notFound" };
  const metadata = versionMetadata(key, number, version);
  if (version.destroyed || isDeleted(version, ctx.nowMs) || version.data === undefined) {
    return { kind: "rawNotFound", data: { data: null, metadata } };
  }
  return { kind: "data", data: { data: structuredClone(version.data), metadata } };
}

/** `PATCH data/:path` (§4.4): a JSON merge patch on the current version, checks in Vault's order. */
export function patchData(mount: KvMount, path: string, body: unknown, ctx: KvContext): KvOutcome {
  const input = isPlainObject(body) ? body : {};
  if (input.data === undefined || input.data === null) return badRequest("no data provided");
  const key = mount.keys.get(path);
  if (!key) return { kind: "emptyNotFound" };
  const casError = checkAndSet(input.options, key, mount.config);
  if (casError) return casError;
  const current = key.versions.get(key.currentVersion);
  if (!current) return { kind: "emptyNotFound" };
  if (current.destroyed || isDeleted(current, ctx.nowMs) || current.data === undefined) {
    return { kind: "rawNotFound", data: versionMetadata(key, key.currentVersion, current) };
  }
  const next = mergePatch(current.data, input.data) as Record<string, unknown>;
  const version = addVersion(key, mount.config, next, ctx, "patch");
  return { kind: "data", data: versionMetadata(key, key.currentVersion, version) };
}

/** `DELETE data/:path` (§4.5): soft-deletes the latest version; a no-op 204 when there is nothing to delete. */
export function deleteLatest(mount: KvMount, path: string, ctx: KvContext): KvOutcome {
  const key = mount.keys.get(path);
  const latest = key?.versions.get(key.currentVersion);
  if (key && latest && !latest.destroyed && !isDeleted(latest, ctx.nowMs)) {
    latest.deletionMs = ctx.nowMs;
    latest.deletedBy = { actor: ctx.actor, operation: "delete" };
    key.updatedMs = ctx.nowMs;
  }
  return { kind: "noContent" };
}
