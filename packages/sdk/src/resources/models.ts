import * as v from "valibot";
import type { components } from "../generated/keywarden.js";

type Schemas = components["schemas"];

/**
 * An API key as the server describes it (the spec's `ApiKey`). The secret is never part of it (see
 * `apiKeys.generate`). Fields the server adds beyond the spec are kept. Keywarden's extensions
 * `keyId` (the public `key_…` id, safe to log) and `authorizationGroup` (null: the key acts with its
 * owner's permissions) are undefined from a server without them (UTMStack v11).
 */
export type ApiKey = Schemas["ApiKey"] & { [field: string]: unknown };

/** One entry of the API-key usage log (UTMStack's `ApiKeyUsageLog`; every field is a string). */
export type ApiKeyUsageLog = Schemas["ApiKeyUsageLog"] & { [field: string]: unknown };

/** A search hit: the document's `_source`. Pass your own type to `search<MyDoc>()` to type its fields. */
export type SearchDocument = Schemas["Document"];

/** `ACTIVE` or `REVOKED` (Keywarden extension). */
export type ApiKeyStatus = Schemas["ApiKeyStatus"];

/** `VALID`, `EXPIRING_SOON` (within 7 days) or `EXPIRED` (Keywarden extension). */
export type ExpiryState = Schemas["ExpiryState"];

/**
 * A group of permissions a key can be limited to (Keywarden extension): `name` identifies it,
 * `permissions` are the `api.key.*` permissions a key in it holds (at most its owner's too).
 */
export type AuthorizationGroup = Schemas["AuthorizationGroup"];

/** Tolerant schema of the group list: the fields code relies on, anything else let through. */
export const authorizationGroupListSchema = v.array(
  v.looseObject({
    name: v.string(),
    description: v.string(),
    permissions: v.array(v.string()),
    builtIn: v.boolean(),
  }),
);

const ID = "id must be an integer or a string of digits";

/** Tolerant schema of an API key: checks the fields code relies on and lets any other field through. */
export const apiKeySchema = v.looseObject({
  // UTMStack's Angular UI types the id as a string; accept a numeric string too.
  id: v.union([v.pipe(v.number(), v.integer(ID)), v.pipe(v.string(), v.regex(/^\d+$/, ID))], ID),
  name: v.string(),
  allowedIp: v.nullish(v.array(v.string())),
  createdAt: v.string(),
  expiresAt: v.nullish(v.string()),
  generatedAt: v.nullish(v.string()),
  keyId: v.optional(v.string()),
  authorizationGroup: v.nullish(v.string()),
});

/** Tolerant schema of a list of API keys. */
export const apiKeyListSchema = v.array(apiKeySchema);

/**
 * A list of search hits: JSON objects, whatever their fields. A hand-written check rather than
 * `v.array(v.looseObject({}))`, which would copy every document of every page.
 */
export const documentListSchema = v.custom<Record<string, unknown>[]>(
  (value) => isDocumentList(value),
  "expected an array of JSON objects",
);

/** The check behind {@link documentListSchema}, callable without the schema's machinery on the hot path. */
export function isDocumentList(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.every((doc) => typeof doc === "object" && doc !== null && !Array.isArray(doc))
  );
}

/**
 * Fills what a server may leave out or send differently, after {@link apiKeySchema} accepted the key:
 * a numeric id, `allowedIp` always an array, `expiresAt`/`generatedAt` null rather than missing.
 */
export function normaliseApiKey(raw: v.InferOutput<typeof apiKeySchema>): ApiKey {
  return {
    ...raw,
    id: Number(raw.id),
    allowedIp: raw.allowedIp ?? [],
    expiresAt: raw.expiresAt ?? null,
    generatedAt: raw.generatedAt ?? null,
  } as ApiKey;
}
