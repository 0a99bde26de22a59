import { PARAMETER_CONSTRAINTS, SCHEMA_CONSTRAINTS } from "@keywarden/rules";
import * as v from "valibot";
import { isInstantOrDate, isIpOrCidr } from "./formats.js";
import { inputObject } from "./input-object.js";

const { name: NAME, description: DESCRIPTION, authorizationGroup: GROUP } = SCHEMA_CONSTRAINTS.ApiKeyUpsert;

/** What a caller gives to create or replace a key. */
export interface ApiKeyInput {
  /** Display name, 2–200 characters (the spec's `ApiKeyUpsert`), unique per user. */
  name: string;
  /** What the key is for, at most 1000 characters (a Keywarden extension; UTMStack v11 ignores it). */
  description?: string | undefined;
  /** IPv4/IPv6 addresses or CIDR ranges allowed to use the key; empty or omitted = any address. */
  allowedIp?: readonly string[] | undefined;
  /**
   * When the key stops working, in the future: a `Date`, an ISO-8601 instant with its offset
   * (`2030-01-01T12:00:00Z`) or a date alone (`2030-01-01`: the start of that day, UTC); `null`/omitted = never.
   */
  expiresAt?: Date | string | null | undefined;
  /**
   * The authorization group the key is limited to, by name (a Keywarden extension; UTMStack v11
   * ignores it). `null` or omitted: the key acts with all of its owner's permissions, and since update
   * is a full replace, an update without it takes the key out of its group. `apiKeys.authorizationGroups()`
   * lists what the caller may assign.
   */
  authorizationGroup?: string | null | undefined;
}

/** The JSON body sent for create and update (`ApiKeyUpsert`). */
export interface ApiKeyUpsertBody {
  name: string;
  description?: string;
  allowedIp: string[];
  expiresAt: string | null;
  authorizationGroup?: string | null;
}

const notAnAddress = (issue: v.BaseIssue<unknown>) =>
  `${JSON.stringify(issue.input)} is not an IP address or CIDR range`;
const ipOrCidr = v.pipe(v.string(notAnAddress), v.check(isIpOrCidr, notAnAddress));

const EXPIRY_FORMS =
  'expiresAt must be a Date, an ISO-8601 instant with its offset ("2030-01-01T12:00:00Z") or a date ("2030-01-01", start of day UTC)';
// A date alone is read as JavaScript reads it: the start of that day, UTC.
const expiry = v.custom<Date | string>(
  (value) =>
    value instanceof Date
      ? !Number.isNaN(value.getTime())
      : typeof value === "string" && isInstantOrDate(value),
  EXPIRY_FORMS,
);
const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/**
 * The schema of {@link ApiKeyInput}: checks what the seeds document (name 2–200, description ≤ 1000,
 * each allowedIp entry an IP or CIDR, expiry in the future). `now` is injectable so the "future" check
 * can follow a test clock. {@link toUpsertBody} then turns the checked input into the JSON body.
 */
export function apiKeyInputSchema(now: () => Date) {
  return inputObject({
    name: v.pipe(
      v.string("name is required"),
      v.check((s) => s.trim().length >= NAME.minLength, `name must be at least ${NAME.minLength} characters`),
      v.maxLength(NAME.maxLength, `name must be at most ${NAME.maxLength} characters`),
    ),
    description: v.optional(
      v.pipe(
        v.string("description must be a string"),
        v.maxLength(DESCRIPTION.maxLength, `description must be at most ${DESCRIPTION.maxLength} characters`),
      ),
    ),
    allowedIp: v.optional(v.array(ipOrCidr, "allowedIp must be an array of addresses")),
    authorizationGroup: v.optional(
      v.nullable(
        v.pipe(
          v.string("authorizationGroup must be a group's name or null"),
          v.minLength(GROUP.minLength, "authorizationGroup must be a group's name or null"),
          v.maxLength(GROUP.maxLength, `authorizationGroup must be at most ${GROUP.maxLength} characters`),
        ),
      ),
    ),
    expiresAt: v.optional(
      v.nullable(
        v.pipe(
          expiry,
          v.check(
            (value) => toDate(value).getTime() > now().getTime(),
            (issue) =>
              `expiresAt must be in the future (got ${toDate(issue.input as Date | string).toISOString()})`,
          ),
        ),
      ),
    ),
  });
}

/** A key id: UTMStack's `Long`, a positive integer (the spec's `ApiKeyId`). */
export const keyIdSchema = v.pipe(
  v.number("id must be a number"),
  v.integer("id must be an integer"),
  v.minValue(PARAMETER_CONSTRAINTS.ApiKeyId.minimum, "id must be positive"),
  v.maxValue(Number.MAX_SAFE_INTEGER, "id is too large"),
);

/**
 * Builds the JSON body of create and update. It checks nothing (with `validateInput: false` the server is
 * left to judge): dates become UTC ISO strings and a missing `allowedIp` becomes `[]`, because UTMStack
 * v11 fails a create whose allowedIp is null.
 */
export function toUpsertBody(input: ApiKeyInput): ApiKeyUpsertBody {
  const expiresAt =
    input.expiresAt === undefined || input.expiresAt === null
      ? null
      : input.expiresAt instanceof Date
        ? input.expiresAt.toISOString()
        : normaliseInstant(input.expiresAt);
  return {
    name: input.name,
    ...(input.description === undefined ? {} : { description: input.description }),
    allowedIp: [...(input.allowedIp ?? [])],
    expiresAt,
    ...(input.authorizationGroup === undefined ? {} : { authorizationGroup: input.authorizationGroup }),
  };
}

/** An ISO instant in UTC (`...Z`; a date alone is the start of that day, UTC), or the text unchanged when it is not a date. */
function normaliseInstant(text: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}
