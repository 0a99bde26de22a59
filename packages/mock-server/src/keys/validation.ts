import { SCHEMA_CONSTRAINTS } from "@keywarden/rules";
import { allowlistEntryProblem } from "./allowlist.js";
import { InvalidKeyInputError } from "./errors.js";
import { parseInstant } from "./instant.js";
import type { KeyInput } from "./model.js";

export { parseInstant };

const { name: NAME, description: DESCRIPTION } = SCHEMA_CONSTRAINTS.ApiKeyUpsert;
const NAME_MIN = NAME.minLength;
const NAME_MAX = NAME.maxLength;
const DESCRIPTION_MAX = DESCRIPTION.maxLength;

/**
 * Validates a create/update body (the documented profile's rules): `name` 2–200 characters,
 * `description` at most 1000, each `allowedIp` entry an IP address or CIDR, `expiresAt` an ISO-8601
 * instant in the future or null, `authorizationGroup` a string or null (whether it exists and may be
 * assigned is the caller's check), and no `keyId` on create (the server assigns it). Unknown fields
 * are ignored, as Spring does.
 * @throws {InvalidKeyInputError} naming the first bad field and why.
 */
export function validateKeyInput(
  body: unknown,
  now: number,
  operation: "createApiKey" | "updateApiKey" = "createApiKey",
): KeyInput {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidKeyInputError("body", "must be a JSON object");
  }
  const input = body as Record<string, unknown>;

  const { name } = input;
  if (name === undefined || name === null) throw new InvalidKeyInputError("name", "is required");
  if (typeof name !== "string") throw new InvalidKeyInputError("name", "must be a string");
  const trimmed = name.trim();
  if (trimmed.length < NAME_MIN || trimmed.length > NAME_MAX) {
    throw new InvalidKeyInputError(
      "name",
      `must be ${NAME_MIN}-${NAME_MAX} characters, got ${trimmed.length}`,
    );
  }

  const { description } = input;
  if (description !== undefined && description !== null && typeof description !== "string") {
    throw new InvalidKeyInputError("description", "must be a string or null");
  }
  if (typeof description === "string" && description.length > DESCRIPTION_MAX) {
    throw new InvalidKeyInputError(
      "description",
      `must be at most ${DESCRIPTION_MAX} characters, got ${description.length}`,
    );
  }

  const { allowedIp } = input;
  let allowed: string[] = [];
  if (allowedIp !== undefined && allowedIp !== null) {
    if (!Array.isArray(allowedIp)) throw new InvalidKeyInputError("allowedIp", "must be an array of strings");
    allowedIp.forEach((entry, index) => {
      const problem = allowlistEntryProblem(entry);
      if (problem) throw new InvalidKeyInputError(`allowedIp[${index}]`, problem);
    });
    allowed = (allowedIp as string[]).map((entry) => entry.trim());
  }

  const { expiresAt } = input;
  let expiry: number | null = null;
  if (expiresAt !== undefined && expiresAt !== null) {
    if (typeof expiresAt !== "string") {
      throw new InvalidKeyInputError(
        "expiresAt",
        "must be an ISO-8601 instant string such as 2030-01-31T00:00:00Z",
      );
    }
    const parsed = parseInstant(expiresAt);
    if (parsed === undefined) {
      throw new InvalidKeyInputError(
        "expiresAt",
        `${JSON.stringify(expiresAt.length > 64 ? `${expiresAt.slice(0, 64)}…` : expiresAt)} is not an ISO-8601 instant (e.g. 2030-01-31T00:00:00Z)`,
      );
    }
    if (parsed <= now) throw new InvalidKeyInputError("expiresAt", "must be in the future");
    expiry = parsed;
  }

  const { authorizationGroup, keyId } = input;
  if (
    authorizationGroup !== undefined &&
    authorizationGroup !== null &&
    typeof authorizationGroup !== "string"
  ) {
    throw new InvalidKeyInputError("authorizationGroup", "must be a group's name or null");
  }
  if (keyId !== undefined && keyId !== null) {
    if (operation === "createApiKey") {
      throw new InvalidKeyInputError("keyId", "is assigned by the server; leave it out");
    }
    if (typeof keyId !== "string") throw new InvalidKeyInputError("keyId", "must be the key's own keyId");
  }

  return {
    name: trimmed,
    description: typeof description === "string" ? description : null,
    allowedIp: allowed,
    expiresAt: expiry,
    authorizationGroup: typeof authorizationGroup === "string" ? authorizationGroup : null,
    keyId: typeof keyId === "string" ? keyId : undefined,
  };
}
