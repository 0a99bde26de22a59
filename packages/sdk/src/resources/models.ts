import { z } from "zod";
import type { components } from "../generated/keywarden.js";

type Schemas = components["schemas"];

/**
 * An API key as the server describes it (the spec's `ApiKey`). The secret is never part of it (see
 * `apiKeys.generate`). Fields the server adds beyond the spec are kept.
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

/** Tolerant schema of an API key: checks what code relies on, fills what a server leaves out, keeps the rest. */
export const apiKeySchema = z.looseObject({
  // UTMStack's Angular UI types the id as a string; accept a numeric string too.
  id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  name: z.string(),
  allowedIp: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  createdAt: z.string(),
  expiresAt: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  generatedAt: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
});

/** Tolerant schema of a list of API keys. */
export const apiKeyListSchema = z.array(apiKeySchema);

/** A list of search hits: JSON objects, whatever their fields. */
export const documentListSchema = z.array(z.looseObject({}));
