import {
  DuplicateKeyNameError,
  InvalidKeyInputError,
  KeyIdChangeError,
  KeyLimitReachedError,
  KeyNotFoundError,
  KeyRevokedError,
} from "../../keys/errors.js";
import type { ApiKeyRecord } from "../../keys/model.js";
import { validateKeyInput } from "../../keys/validation.js";
import { InvalidFilterError } from "../../search/operators.js";
import { BadRequestError } from "../errors.js";
import { linkHeader } from "../link-header.js";
import { formatInstant, headerError, springError } from "../responses.js";
import type { Profile } from "./profile.js";

const instantOrNull = (ms: number | null) => (ms === null ? null : formatInstant(ms));

/**
 * The behaviour the seed documents describe, with honest statuses: 400 names the bad field, 401 for
 * any refused credential, 403 for a missing permission, 404 for an unknown id, 409 for conflicts.
 */
export const documentedProfile: Profile = {
  name: "documented",
  extensions: true,
  keyRules: (keyLimit) => ({ keyLimit, uniqueNamesOnUpdate: true, allowlistMatching: "ipaddr" }),
  apiKeyFromHeaders(headers) {
    return headers.get("utm-api-key")?.trim() || headers.get("x-api-key")?.trim() || undefined;
  },
  bearerMayCarryApiKey: true,
  refusedApiKey: (path, now, reason) => springError(401, path, now, reason),
  keyBody: (key: ApiKeyRecord) => ({
    id: key.id,
    name: key.name,
    description: key.description,
    allowedIp: key.allowedIp ?? [],
    createdAt: formatInstant(key.createdAt),
    expiresAt: instantOrNull(key.expiresAt),
    generatedAt: instantOrNull(key.generatedAt),
    lastUsedAt: instantOrNull(key.lastUsedAt),
    status: key.status,
    keyId: key.keyId,
    authorizationGroup: key.authorizationGroup,
  }),
  readKeyInput: (body, now, operation) => validateKeyInput(body, now, operation),
  errorResponse(error, operation) {
    const where = `ApiKeyService.${operation}`;
    if (error instanceof InvalidKeyInputError || error instanceof BadRequestError) {
      return headerError(400, error instanceof BadRequestError ? error.reason : error.message);
    }
    if (error instanceof KeyIdChangeError) return headerError(400, error.message);
    if (error instanceof KeyNotFoundError) return headerError(404, `${where}: ${error.message}`);
    if (
      error instanceof DuplicateKeyNameError ||
      error instanceof KeyLimitReachedError ||
      error instanceof KeyRevokedError
    ) {
      return headerError(409, `${where}: ${error.message}`);
    }
    throw error;
  },
  searchErrorResponse(error) {
    if (error instanceof InvalidFilterError || error instanceof BadRequestError) {
      return headerError(400, error instanceof BadRequestError ? error.reason : error.message);
    }
    throw error;
  },
  sortableKeyProperties: new Set([
    "id",
    "name",
    "allowedIp",
    "createdAt",
    "generatedAt",
    "expiresAt",
    "description",
    "lastUsedAt",
    "status",
    "keyId",
    "authorizationGroup",
  ]),
  usageSearchesAnyIndex: false,
  // the spec's documented Link for search pages is 1-based: first is page 1, last is the page count
  searchLink(page, size, total) {
    const current = Math.max(page, 1);
    const pages = Math.max(Math.ceil(total / size), 1);
    return linkHeader(current, pages, 1, (target) => `/api/elasticsearch/search?page=${target}&size=${size}`);
  },
  secretContentType: () => "text/plain;charset=UTF-8",
};
