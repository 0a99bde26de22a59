/**
 * How a rotation names things so that a retry finds them again. Names are unique per user on the
 * key service, so a successor created under a predictable name is found (or refused with 409) on
 * every retry instead of being created twice.
 */

const SUCCESSOR_SUFFIX = "~next";
const RETIRED_MARK = "~retired-";

/** The name a key's successor carries until it takes over the original name. */
export function successorName(name: string): string {
  return `${name}${SUCCESSOR_SUFFIX}`;
}

/** True for a successor that has not taken over its name yet (such keys are never rotated). */
export function isSuccessorName(name: string): boolean {
  return name.endsWith(SUCCESSOR_SUFFIX);
}

/** The name a revoked key is moved to so that its successor can take the original name. */
export function retiredName(name: string, id: string): string {
  return `${name}${RETIRED_MARK}${id}`;
}

/** True for a key that was retired by a rotation (kept only where revoked keys stay listed). */
export function isRetiredName(name: string): boolean {
  return name.includes(RETIRED_MARK);
}

/**
 * True only for the exact name a rotation gives the key it retires, its own id included: a user's
 * key that merely contains `~retired-` (`legacy~retired-2023`) is not a rotation's trace.
 */
export function isRetiredKey(key: { readonly id: string; readonly name: string }): boolean {
  const suffix = `${RETIRED_MARK}${key.id}`;
  return key.name.length > suffix.length && key.name.endsWith(suffix);
}

/**
 * The logical key a key belongs to: its own name, or the name it carried before a rotation gave it
 * a temporary one (`billing~next` and `billing~retired-12` both belong to `billing`).
 */
export function logicalNameOf(name: string): string {
  const retired = name.lastIndexOf(RETIRED_MARK);
  if (retired > 0) return name.slice(0, retired);
  if (isSuccessorName(name) && name.length > SUCCESSOR_SUFFIX.length) {
    return name.slice(0, -SUCCESSOR_SUFFIX.length);
  }
  return name;
}

/**
 * The BullMQ deduplication id of a logical key: while one rotation job of the key is waiting,
 * running or delayed, adding another (a scan, `rotate`) joins it instead.
 */
export function rotationDedupId(logicalName: string): string {
  return `key:${logicalName}`;
}

/** The BullMQ job id of a scan's resumption of a half-done rotation, from the key it resumes from. */
export function resumeJobId(keyId: string): string {
  return `resume-${jobIdPart(keyId)}`;
}

/**
 * The BullMQ job id of the rotation of one key at one expiry: the same key and expiry always give
 * the same id, so scans that overlap enqueue it once. BullMQ refuses ids containing `:` and ids
 * made only of digits; this id has neither.
 */
export function rotationJobId(keyId: string, expiresAt: number | null): string {
  return `rotate-${jobIdPart(keyId)}-${expiresAt ?? "never"}`;
}

/** The BullMQ job id of a rotation asked for by hand (`rotate <key>`): a new one each time. */
export function manualRotationJobId(keyId: string, now: number): string {
  return `manual-${jobIdPart(keyId)}-${now}`;
}

/** A key id as part of a BullMQ job id: anything but letters, digits, `_` and `-` becomes `_`. */
function jobIdPart(keyId: string): string {
  return keyId.replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * Fills a Vault path template: `{name}` is the key's logical name. (There is deliberately no `{id}`:
 * a successor has a new id, so an id-based path would move at every rotation.)
 *
 * @throws TypeError when the result is not a usable KV v2 path (empty segment, `..`, control characters).
 * @example vaultPathFor("keywarden/{name}", "billing") // "keywarden/billing"
 */
export function vaultPathFor(template: string, name: string): string {
  const path = template.replaceAll("{name}", name);
  const problem = vaultPathProblem(path);
  if (problem) throw new TypeError(`Vault path "${path}" for key "${name}" ${problem}`);
  return path;
}

function vaultPathProblem(path: string): string | undefined {
  if (path.length === 0) return "is empty";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\u0000-\u001f\u007f]/.test(path)) return "contains control characters";
  const segments = path.split("/");
  if (segments.some((segment) => segment === "..")) return "contains '..'";
  if (segments.some((segment) => segment === ""))
    return "has an empty segment (leading, trailing or double '/')";
  return undefined;
}
