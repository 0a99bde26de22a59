import { fieldError } from "./custom-metadata.js";
import { isPlainObject } from "./merge-patch.js";
import { badRequest, type KvContext, type KvMount, type KvOutcome } from "./types.js";
import { effectiveDeleteVersionAfter, isDeleted } from "./versions.js";

/**
 * Decodes `versions` as Vault's `TypeCommaIntSlice`: `[1,2]`, `["1","2"]`, `"1,2"` or a bare `1`.
 * Returns the numbers, or an error message for a value that is not a list of integers.
 */
function parseVersions(raw: unknown): number[] | string {
  const items =
    raw === undefined || raw === null
      ? []
      : Array.isArray(raw)
        ? raw
        : typeof raw === "string"
          ? raw.split(",").filter((s) => s.trim() !== "")
          : [raw];
  const numbers: number[] = [];
  for (const item of items) {
    const text = String(item).trim();
    if (typeof item === "boolean" || !/^-?\d+(\.0+)?$/.test(text)) {
      return fieldError("versions", `cannot parse ${JSON.stringify(text)} as int`);
    }
    numbers.push(Number.parseInt(text, 10));
  }
  return numbers;
}

function versionsOf(body: unknown, emptyMessage: string): number[] | KvOutcome {
  const parsed = parseVersions(isPlainObject(body) ? body.versions : undefined);
  if (typeof parsed === "string") return badRequest(parsed);
  if (parsed.length === 0) return badRequest(emptyMessage);
  return parsed;
}

/** `POST delete/:path` (§4.6): soft-deletes the listed versions; already-deleted ones keep their time. */
export function deleteVersions(mount: KvMount, path: string, body: unknown, ctx: KvContext): KvOutcome {
  const numbers = versionsOf(body, "No version number provided");
  if (!Array.isArray(numbers)) return numbers;
  const key = mount.keys.get(path);
  for (const n of numbers) {
    const version = key?.versions.get(n);
    if (!key || !version || version.destroyed || isDeleted(version, ctx.nowMs)) continue;
    version.deletionMs = ctx.nowMs;
    version.deletedBy = { actor: ctx.actor, operation: "delete" };
    key.updatedMs = ctx.nowMs;
  }
  return { kind: "noContent" };
}

/** `POST undelete/:path` (§4.6): clears `deletion_time`, or re-arms it when `delete_version_after` is set. */
export function undeleteVersions(mount: KvMount, path: string, body: unknown, ctx: KvContext): KvOutcome {
  const numbers = versionsOf(body, "No version number provided");
  if (!Array.isArray(numbers)) return numbers;
  const key = mount.keys.get(path);
  if (!key) return { kind: "noContent" };
  const dva = effectiveDeleteVersionAfter(key, mount.config);
  for (const n of numbers) {
    const version = key.versions.get(n);
    if (!version || version.destroyed) continue;
    if (dva > 0) version.deletionMs = ctx.nowMs + dva * 1000;
    else delete version.deletionMs;
    delete version.deletedBy;
    key.updatedMs = ctx.nowMs;
  }
  return { kind: "noContent" };
}

/** `POST/PUT destroy/:path` (§4.7): marks versions destroyed and drops their data for good. */
export function destroyVersions(mount: KvMount, path: string, body: unknown, ctx: KvContext): KvOutcome {
  const numbers = versionsOf(body, "no version number provided");
  if (!Array.isArray(numbers)) return numbers;
  const key = mount.keys.get(path);
  for (const n of numbers) {
    const version = key?.versions.get(n);
    if (!key || !version) continue;
    version.destroyed = true;
    delete version.data;
    key.updatedMs = ctx.nowMs;
  }
  return { kind: "noContent" };
}
