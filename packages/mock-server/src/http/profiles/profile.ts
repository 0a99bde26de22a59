import type { MockReply } from "../../exchange/reply.js";
import type { HeaderBag } from "../../exchange/request.js";
import type { KeyRules } from "../../keys/key-service.js";
import type { ApiKeyRecord, KeyInput } from "../../keys/model.js";

/** The two behaviours the mock can show (see the README). */
export type ProfileName = "documented" | "utmstack-v11";

/** The service method UTMStack names in its error messages (`ApiKeyService.getApiKey: ...`). */
export type KeyOperation =
  | "createApiKey"
  | "generateApiKey"
  | "updateApiKey"
  | "getApiKey"
  | "listApiKeys"
  | "deleteApiKey"
  | "revokeApiKey";

/** Which search route failed: `/api/elasticsearch/search` wraps its errors, `/usage` does not. */
export type SearchRoute = "search" | "usage";

/**
 * How one behaviour translates between HTTP and the rules. Rules never look at the profile; only
 * this translation does.
 */
export interface Profile {
  readonly name: ProfileName;
  /** Keywarden's extensions (revoke, description, status, lastUsedAt, filters, permissions, X-API-Key). */
  readonly extensions: boolean;
  /** The key rules this behaviour applies. */
  keyRules(keyLimit: number): KeyRules;
  /** An API key sent in a dedicated header (`Utm-Api-Key`, and `X-API-Key` when documented). */
  apiKeyFromHeaders(headers: HeaderBag): string | undefined;
  /** Whether `Authorization: Bearer <not a JWT>` is read as an API key. */
  readonly bearerMayCarryApiKey: boolean;
  /** The answer to a refused API key. */
  refusedApiKey(path: string, now: number, reason: string): MockReply;
  /** A key as JSON. */
  keyBody(key: ApiKeyRecord): Record<string, unknown>;
  /** Reads a create/update body (validating it or not). @throws KeyServiceError or BadRequestError */
  readKeyInput(body: unknown, now: number, operation: "createApiKey" | "updateApiKey"): KeyInput;
  /** Translates an error thrown by the rules or the request reading. Rethrows what it does not know. */
  errorResponse(error: unknown, operation: KeyOperation): MockReply;
  /** Translates a search failure. */
  searchErrorResponse(error: unknown, route: SearchRoute): MockReply;
  /** Properties `sort` may name on the key list. */
  readonly sortableKeyProperties: ReadonlySet<string>;
  /**
   * Whether `/api/api-keys/usage` searches any index its `indexPattern` names, as UTMStack's does
   * (so `alert-*` returns alerts), or the usage index only, as the spec's usage schema says.
   */
  readonly usageSearchesAnyIndex: boolean;
  /** The `Link` header of a search page. */
  searchLink(page: number, size: number, total: number): string;
  /** Content type of the generated secret, given the request's `Accept`. */
  secretContentType(accept: string | null): string;
}
