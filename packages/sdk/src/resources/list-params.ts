import type { ApiKeyStatus, ExpiryState } from "./models.js";

/**
 * The properties UTMStack can sort keys by (entity fields; the extensions add `status`, `lastUsedAt`,
 * `description`, `keyId`, `authorizationGroup`).
 */
export type ApiKeySortField =
  | "id"
  | "userId"
  | "name"
  | "apiKey"
  | "allowedIp"
  | "createdAt"
  | "generatedAt"
  | "expiresAt"
  | "lastUsedAt"
  | "status"
  | "description"
  | "keyId"
  | "authorizationGroup";

/** A sort of keys: `"name"`, `"expiresAt,asc"`, `"createdAt,desc"`. */
export type ApiKeySort = ApiKeySortField | `${ApiKeySortField},${"asc" | "desc"}`;

/** Query of `apiKeys.list` / `apiKeys.list.page`. */
export interface ListApiKeysParams {
  /** The page to start at, 0-based (default 0). */
  page?: number;
  /** Keys per page, 1–2000 (default 20; iteration uses 100 unless set). */
  size?: number;
  /** One sort or several (the first wins ties). */
  sort?: ApiKeySort | readonly ApiKeySort[];
  /** Only keys in this state (Keywarden extension). */
  status?: ApiKeyStatus;
  /** Only keys in this expiry state (Keywarden extension). */
  expiry?: ExpiryState;
  /** Only keys in this authorization group, by name; keys without a group never match (Keywarden extension). */
  authorizationGroup?: string;
  /** Iteration only: stop after this many keys. */
  limit?: number;
}
