import { z } from "zod";

/** What a caller gives to create or replace a key. */
export interface ApiKeyInput {
  /** Display name, 2–200 characters, unique per user. */
  name: string;
  /** What the key is for, at most 1000 characters (a Keywarden extension; UTMStack v11 ignores it). */
  description?: string | undefined;
  /** IPv4/IPv6 addresses or CIDR ranges allowed to use the key; empty or omitted = any address. */
  allowedIp?: readonly string[] | undefined;
  /** When the key stops working: a `Date` or ISO-8601 instant in the future; `null`/omitted = never. */
  expiresAt?: Date | string | null | undefined;
}

/** The JSON body sent for create and update (`ApiKeyUpsert`). */
export interface ApiKeyUpsertBody {
  name: string;
  description?: string;
  allowedIp: string[];
  expiresAt: string | null;
}

const ipOrCidr = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
  error: (issue) => `${JSON.stringify(issue.input)} is not an IP address or CIDR range`,
});

/**
 * The zod schema of {@link ApiKeyInput}: checks what the seeds document (name 2–200, description ≤ 1000,
 * each allowedIp entry an IP or CIDR, expiry in the future) and produces the JSON body.
 * `now` is injectable so the "future" check can follow a test clock.
 */
export function apiKeyInputSchema(now: () => Date) {
  return z
    .object({
      name: z
        .string("name is required")
        .refine((s) => s.trim().length >= 2, "name must be at least 2 characters")
        .refine((s) => s.length <= 200, "name must be at most 200 characters"),
      description: z.string().max(1000, "description must be at most 1000 characters").optional(),
      allowedIp: z
        .array(z.string().trim().pipe(ipOrCidr), "allowedIp must be an array of addresses")
        .optional(),
      expiresAt: z
        .union([z.date(), z.iso.datetime({ offset: true, message: "expiresAt must be an ISO-8601 instant" })])
        .nullable()
        .optional()
        .transform((v, ctx) => {
          if (v === null || v === undefined) return null;
          const date = v instanceof Date ? v : new Date(v);
          if (Number.isNaN(date.getTime())) {
            ctx.addIssue({ code: "custom", message: "expiresAt is not a valid date" });
            return z.NEVER;
          }
          if (date.getTime() <= now().getTime()) {
            ctx.addIssue({
              code: "custom",
              message: `expiresAt must be in the future (got ${date.toISOString()})`,
            });
            return z.NEVER;
          }
          return date.toISOString();
        }),
    })
    .transform(
      (v): ApiKeyUpsertBody => ({
        name: v.name,
        ...(v.description === undefined ? {} : { description: v.description }),
        // UTMStack v11 fails a create whose allowedIp is null: always send an array ([] = any address).
        allowedIp: v.allowedIp ?? [],
        expiresAt: v.expiresAt,
      }),
    );
}

/** A key id: UTMStack's `Long`, a positive integer. */
export const keyIdSchema = z
  .number("id must be a number")
  .int("id must be an integer")
  .positive("id must be positive")
  .max(Number.MAX_SAFE_INTEGER);

/**
 * Builds the JSON body without checking it (for `validateInput: false`): the server is left to judge.
 * Dates become ISO strings and a missing `allowedIp` becomes `[]`, as UTMStack v11 requires.
 */
export function toUpsertBody(input: ApiKeyInput): ApiKeyUpsertBody {
  const expiresAt =
    input.expiresAt === undefined || input.expiresAt === null
      ? null
      : input.expiresAt instanceof Date
        ? input.expiresAt.toISOString()
        : input.expiresAt;
  return {
    name: input.name,
    ...(input.description === undefined ? {} : { description: input.description }),
    allowedIp: [...(input.allowedIp ?? [])],
    expiresAt,
  };
}
