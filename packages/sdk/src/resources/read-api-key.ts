import type { ApiKey } from "./models.js";

/** The fields `apiKeySchema` checks, in its order (zod writes them first, then the unknown fields). */
const CHECKED = new Set(["id", "name", "allowedIp", "createdAt", "expiresAt", "generatedAt"]);

/**
 * The fast path of `normaliseApiKey(apiKeySchema.parse(data))`: a plain structural check of a body the
 * server sent, about 10× cheaper than running the zod schema. It returns the very same object (same
 * fields, same key order) when the body certainly passes the schema, and `undefined` otherwise, so the
 * caller then runs the schema for its verdict and its error message. A property test pins the equivalence.
 */
export function readApiKey(data: unknown): ApiKey | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const d = data as Record<string, unknown>;
  // JSON.parse makes "__proto__" an own field; zod's copy treats it specially: leave that to zod.
  if (Object.hasOwn(d, "__proto__")) return undefined;
  const { id, name, allowedIp, createdAt, expiresAt, generatedAt } = d;
  const idOk =
    (typeof id === "number" && Number.isInteger(id)) || (typeof id === "string" && /^\d+$/.test(id));
  if (!idOk || typeof name !== "string" || typeof createdAt !== "string") return undefined;
  if (allowedIp != null && !isStringArray(allowedIp)) return undefined;
  if (expiresAt != null && typeof expiresAt !== "string") return undefined;
  if (generatedAt != null && typeof generatedAt !== "string") return undefined;

  // zod keeps the checked fields present in the body (in its order), then the others; normaliseApiKey
  // then overwrites four of them in place and appends those that were missing.
  const key: Record<string, unknown> = { id: Number(id), name };
  if ("allowedIp" in d) key.allowedIp = allowedIp ?? [];
  key.createdAt = createdAt;
  if ("expiresAt" in d) key.expiresAt = expiresAt ?? null;
  if ("generatedAt" in d) key.generatedAt = generatedAt ?? null;
  for (const field of Object.keys(d)) if (!CHECKED.has(field)) key[field] = d[field];
  if (!("allowedIp" in d)) key.allowedIp = [];
  if (!("expiresAt" in d)) key.expiresAt = null;
  if (!("generatedAt" in d)) key.generatedAt = null;
  return key as ApiKey;
}

/** {@link readApiKey} for a list: every key, or `undefined` when any of them needs the schema. */
export function readApiKeyList(data: unknown): ApiKey[] | undefined {
  if (!Array.isArray(data)) return undefined;
  const keys: ApiKey[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const key = readApiKey(data[i]);
    if (key === undefined) return undefined;
    keys[i] = key;
  }
  return keys;
}

/** An array of strings only (a hole, as zod reads it, is `undefined`: not a string). */
function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") return false;
  return true;
}
