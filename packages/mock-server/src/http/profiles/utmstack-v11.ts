import { KeyNotFoundError, KeyServiceError } from "../../keys/errors.js";
import type { ApiKeyRecord, KeyInput } from "../../keys/model.js";
import { parseInstant } from "../../keys/validation.js";
import { InvalidFilterError } from "../../search/operators.js";
import { BadRequestError } from "../errors.js";
import { utilPaginationLink } from "../link-header.js";
import { formatInstant, headerError, springError } from "../responses.js";
import type { Profile } from "./profile.js";

/** Thrown while reading a v11 create body: every create failure becomes a 409 in v11. */
class CreateFailure extends Error {}

/**
 * Reads an upsert body the way v11 does: no validation at all. Only what Jackson or the database
 * would refuse fails (a non-object body, an unreadable instant, a null name or allowedIp on create).
 */
function readLeniently(body: unknown, operation: "createApiKey" | "updateApiKey"): KeyInput {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BadRequestError(
      "body must be a JSON object",
      "JSON parse error: Cannot deserialize value of type `ApiKeyUpsertDTO`",
    );
  }
  const input = body as Record<string, unknown>;
  let expiresAt: number | null = null;
  if (typeof input.expiresAt === "number")
    expiresAt = input.expiresAt * 1000; // Jackson reads epoch seconds
  else if (typeof input.expiresAt === "string") {
    const parsed = parseInstant(input.expiresAt);
    if (parsed === undefined) {
      throw new BadRequestError(
        "expiresAt is not an instant",
        `JSON parse error: Cannot deserialize value of type \`java.time.Instant\` from String "${input.expiresAt}"`,
      );
    }
    expiresAt = parsed;
  }
  if (operation === "createApiKey") {
    // String.join(",", null) throws NullPointerException, whose message is null
    if (!Array.isArray(input.allowedIp)) throw new CreateFailure("null");
    if (typeof input.name !== "string") {
      throw new CreateFailure(
        "not-null property references a null or transient value : com.park.utmstack.domain.api_keys.ApiKey.name",
      );
    }
  } else if (typeof input.name !== "string") {
    throw new KeyServiceError(
      "Validation failed for classes [com.park.utmstack.domain.api_keys.ApiKey]: name must not be null",
    );
  }
  return {
    name: input.name,
    description: null,
    allowedIp: Array.isArray(input.allowedIp) ? input.allowedIp.map(String) : null,
    expiresAt,
    authorizationGroup: null, // v11 has no groups: its keys act with their owner's permissions
  };
}

/**
 * UTMStack v11 as released: API keys only via `Utm-Api-Key`, a refused key is a 500 with Spring's
 * body, an unknown id a 500, every create failure a 409, nothing validated, no extensions.
 */
export const utmstackV11Profile: Profile = {
  name: "utmstack-v11",
  extensions: false,
  keyRules: () => ({ keyLimit: null, uniqueNamesOnUpdate: false, allowlistMatching: "utmstack-v11" }),
  apiKeyFromHeaders: (headers) => headers.get("utm-api-key")?.trim() || undefined,
  bearerMayCarryApiKey: false,
  refusedApiKey: (path, now) => springError(500, path, now),
  keyBody: (key: ApiKeyRecord) => ({
    id: key.id,
    name: key.name,
    allowedIp: (key.allowedIp ?? []).map((entry) => entry.trim()).filter(Boolean),
    createdAt: formatInstant(key.createdAt),
    expiresAt: key.expiresAt === null ? null : formatInstant(key.expiresAt),
    generatedAt: null, // ApiKeyMapper.toDto never sets it
  }),
  readKeyInput: (body, _now, operation) => readLeniently(body, operation),
  errorResponse(error, operation) {
    const where = `ApiKeyService.${operation}`;
    if (
      operation === "createApiKey" &&
      (error instanceof KeyServiceError || error instanceof CreateFailure)
    ) {
      return headerError(409, `${where}: ${error.message}`);
    }
    if (error instanceof KeyNotFoundError || error instanceof KeyServiceError) {
      return headerError(500, `${where}: ${error.message}`);
    }
    if (error instanceof BadRequestError) return headerError(500, error.springMessage);
    throw error;
  },
  searchErrorResponse(error, route) {
    const prefix = route === "search" ? "ElasticsearchResource.search: " : "";
    if (error instanceof InvalidFilterError) {
      return headerError(500, `${prefix}ElasticsearchService.search: ${error.message}`);
    }
    if (error instanceof BadRequestError) return headerError(500, error.springMessage);
    throw error;
  },
  sortableKeyProperties: new Set([
    "id",
    "userId",
    "name",
    "apiKey",
    "allowedIp",
    "createdAt",
    "generatedAt",
    "expiresAt",
  ]),
  usageSearchesAnyIndex: true,
  searchLink: utilPaginationLink,
  // Spring picks the converter by Accept: JSON first means an application/json label on the raw key
  secretContentType: (accept) =>
    accept?.trim().toLowerCase().startsWith("application/json")
      ? "application/json"
      : "text/plain;charset=UTF-8",
};
