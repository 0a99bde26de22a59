/**
 * The zod schema of every setting, as strings from the environment or a settings file. Each field
 * has its own message that starts with the setting's name and never repeats the value of a secret.
 * The keys are the settings' current names (see `names.ts` for the naming rule and the old names).
 */
import { isIP } from "node:net";
import { Cron } from "croner";
import { z } from "zod";
import { parseDuration } from "../duration.js";
import { DEFAULT_QUEUE_PREFIX } from "../queue/names.js";
import { parseClusterNodes } from "./redis.js";
import { webhookEvents, webhookUrls } from "./webhooks.js";

/**
 * A duration setting (`"30s"`, `"15m"`, `"7d"`), as milliseconds. A number without a unit (but 0) is
 * refused: the grammar reads it as milliseconds, and `KEYWARDEN_ROTATE_WITHIN=7` meant days.
 */
export const duration = (name: string) =>
  z.string().transform((text, ctx) => {
    if (isUnitless(text)) {
      ctx.addIssue({ code: "custom", message: unitlessMessage(name, text) });
      return z.NEVER;
    }
    try {
      return parseDuration(text);
    } catch {
      ctx.addIssue({
        code: "custom",
        message: `${name} must be a duration like "30s", "15m", "7d" (got "${text}")`,
      });
      return z.NEVER;
    }
  });

/** True for a number without a unit other than 0 (`"7"`, `"2.5"`), which reads as milliseconds. */
export function isUnitless(text: string): boolean {
  return /^\s*\d+(\.\d+)?\s*$/.test(text) && Number(text) !== 0;
}

/** What is said of a unitless duration. */
export function unitlessMessage(name: string, text: string): string {
  const n = text.trim();
  return `${name} needs a unit, e.g. "${n}s", "${n}m", "${n}h" or "${n}d" (got "${n}", which would be ${n} milliseconds)`;
}

const CREDENTIALS_HINT: Record<string, string> = {
  KEYWARDEN_URL:
    "set KEYWARDEN_API_KEY_VAULT_PATH, KEYWARDEN_API_KEY, or KEYWARDEN_USERNAME and KEYWARDEN_PASSWORD",
};

/**
 * A URL setting with allowed `protocols`. Credentials in an http(s) URL are refused: they would be
 * sent as Basic auth nobody asked for and quoted by every error that prints the URL. Messages never
 * repeat the value.
 */
const url = (name: string, protocols: readonly string[], credentials: "refuse" | "allow", hint: string) =>
  z.string({ error: `${name} is required` }).superRefine((text, ctx) => {
    if (!URL.canParse(text)) {
      ctx.addIssue({ code: "custom", message: `${name} must be a URL (${hint})` });
      return;
    }
    const parsed = new URL(text);
    if (!protocols.includes(parsed.protocol)) {
      ctx.addIssue({
        code: "custom",
        message: `${name} must start with ${protocols.map((p) => `${p}//`).join(" or ")}`,
      });
    }
    if (credentials === "refuse" && (parsed.username !== "" || parsed.password !== "")) {
      ctx.addIssue({
        code: "custom",
        message: `${name} must not contain a user name or password (the value is not shown); ${CREDENTIALS_HINT[name] ?? "set credentials separately"}`,
      });
    }
  });

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be > 0`);

const optionalText = z
  .string()
  .optional()
  .transform((text) => (text === undefined || text.trim() === "" ? undefined : text));

/** `host:port,host:port`: one issue per bad entry (see `parseClusterNodes`). */
const clusterNodes = z.string().transform((text, ctx) => {
  const problems: string[] = [];
  const nodes = parseClusterNodes(text, problems);
  for (const message of problems) ctx.addIssue({ code: "custom", message });
  return problems.length > 0 ? z.NEVER : nodes;
});

const cron = z.string().superRefine((pattern, ctx) => {
  try {
    new Cron(pattern, { paused: true, timezone: "UTC" }).stop();
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: `KEYWARDEN_SCHEDULE is not a valid cron pattern: ${(error as Error).message}`,
    });
  }
});

const HOST_NAME =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An interface to listen on: an IP address (IPv6 with or without brackets) or a host name. */
const listenHost = (name: string) =>
  z.string().transform((text, ctx) => {
    const host = text.trim().replace(/^\[(.*)\]$/, "$1");
    if (isIP(host) !== 0 || HOST_NAME.test(host)) return host;
    // Not quoted: a URL pasted here by mistake may carry a password.
    ctx.addIssue({
      code: "custom",
      message: `${name} must be an IP address or host name to listen on, e.g. 0.0.0.0 (all interfaces), 127.0.0.1 or ::1 (no scheme, no port)`,
    });
    return z.NEVER;
  });

/** Every setting, before the credentials are paired up. */
export const rawSchema = z.object({
  KEYWARDEN_URL: url("KEYWARDEN_URL", ["http:", "https:"], "refuse", "e.g. https://utm.example.com"),
  KEYWARDEN_USERNAME: optionalText,
  KEYWARDEN_PASSWORD: optionalText,
  KEYWARDEN_API_KEY: optionalText,
  KEYWARDEN_API_KEY_VAULT_PATH: optionalText,
  KEYWARDEN_API_KEY_HEADER: z
    .enum(["authorization", "utm-api-key", "x-api-key"], {
      error: 'KEYWARDEN_API_KEY_HEADER must be one of "authorization", "utm-api-key", "x-api-key"',
    })
    .optional(),
  KEYWARDEN_RETIRE_OLD_KEYS: z
    .enum(["revoke", "delete"], { error: 'KEYWARDEN_RETIRE_OLD_KEYS must be "revoke" or "delete"' })
    .default("revoke"),
  KEYWARDEN_CONNECT_TIMEOUT: duration("KEYWARDEN_CONNECT_TIMEOUT").default(10_000),
  KEYWARDEN_REQUEST_TIMEOUT: duration("KEYWARDEN_REQUEST_TIMEOUT").default(30_000),
  VAULT_PATH_TEMPLATE: z
    .string()
    .default("keywarden/{name}")
    .refine((template) => template.includes("{name}"), {
      message: "VAULT_PATH_TEMPLATE must contain {name}",
    }),
  // A Redis password legitimately lives in the URL (redis://:password@host); logs redact it.
  REDIS_URL: url("REDIS_URL", ["redis:", "rediss:"], "allow", "e.g. redis://127.0.0.1:6379").default(
    "redis://127.0.0.1:6379",
  ),
  // Redis Cluster instead of REDIS_URL; the login and TLS below apply to every node.
  REDIS_CLUSTER_NODES: clusterNodes.optional(),
  REDIS_USERNAME: optionalText,
  REDIS_PASSWORD: optionalText,
  REDIS_TLS: z
    .enum(["true", "false"], { error: 'REDIS_TLS must be "true" or "false"' })
    .transform((flag) => flag === "true")
    .optional(),
  KEYWARDEN_QUEUE_PREFIX: z
    .string()
    .min(1, "KEYWARDEN_QUEUE_PREFIX must not be empty")
    .default(DEFAULT_QUEUE_PREFIX),
  KEYWARDEN_SCHEDULE: cron.default("*/15 * * * *"),
  KEYWARDEN_ROTATE_WITHIN: duration("KEYWARDEN_ROTATE_WITHIN").default(7 * 86_400_000),
  KEYWARDEN_GRACE_PERIOD: duration("KEYWARDEN_GRACE_PERIOD").default(0),
  KEYWARDEN_CONCURRENCY: positiveInt("KEYWARDEN_CONCURRENCY").default(4),
  KEYWARDEN_RATE_LIMIT: positiveInt("KEYWARDEN_RATE_LIMIT").optional(),
  KEYWARDEN_ATTEMPTS: positiveInt("KEYWARDEN_ATTEMPTS").default(8),
  KEYWARDEN_BACKOFF: duration("KEYWARDEN_BACKOFF").default(2_000),
  KEYWARDEN_SHUTDOWN_TIMEOUT: duration("KEYWARDEN_SHUTDOWN_TIMEOUT").default(30_000),
  KEYWARDEN_LEASE_TTL: duration("KEYWARDEN_LEASE_TTL")
    .default(90_000)
    .refine((ms) => ms >= 1_000, { message: "KEYWARDEN_LEASE_TTL must be at least 1s" }),
  KEYWARDEN_RETRY_FAILED_AFTER: duration("KEYWARDEN_RETRY_FAILED_AFTER").default(3_600_000),
  KEYWARDEN_MAX_RETRY_AFTER: duration("KEYWARDEN_MAX_RETRY_AFTER").default(900_000),
  KEYWARDEN_RATE_LIMIT_BUDGET: duration("KEYWARDEN_RATE_LIMIT_BUDGET").default(3_600_000),
  KEYWARDEN_METRICS_PORT: z.coerce
    .number({ error: "KEYWARDEN_METRICS_PORT must be a number" })
    .int("KEYWARDEN_METRICS_PORT must be a whole number")
    .min(0, "KEYWARDEN_METRICS_PORT must be 0 (off) to 65535")
    .max(65_535, "KEYWARDEN_METRICS_PORT must be 0 (off) to 65535")
    .default(9464),
  // All interfaces by default: in a container the scraper comes from outside the loopback.
  KEYWARDEN_METRICS_HOST: listenHost("KEYWARDEN_METRICS_HOST").default("0.0.0.0"),
  KEYWARDEN_LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "KEYWARDEN_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
  KEYWARDEN_POLICY_FILE: optionalText,
  KEYWARDEN_ROTATOR_ADDRESS: optionalText,
  KEYWARDEN_WEBHOOK_URLS: webhookUrls.optional(),
  KEYWARDEN_WEBHOOK_SECRET: optionalText,
  KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH: optionalText,
  KEYWARDEN_WEBHOOK_EVENTS: webhookEvents.optional(),
  KEYWARDEN_WEBHOOK_ATTEMPTS: positiveInt("KEYWARDEN_WEBHOOK_ATTEMPTS").default(10),
  KEYWARDEN_WEBHOOK_BACKOFF: duration("KEYWARDEN_WEBHOOK_BACKOFF").default(5_000),
});

/** The parsed settings. */
export type Raw = z.output<typeof rawSchema>;

/** The credential settings alone, checked even when other settings are bad. */
export const credentialsSchema = rawSchema.pick({
  KEYWARDEN_USERNAME: true,
  KEYWARDEN_PASSWORD: true,
  KEYWARDEN_API_KEY: true,
  KEYWARDEN_API_KEY_VAULT_PATH: true,
});
/** The parsed credential settings. */
export type Credentials = z.output<typeof credentialsSchema>;

/** One line for a zod issue, starting with the setting's name. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? "config");
  // Our messages start with the setting's name; zod's generic ones get it prefixed. No input value is
  // ever included, so a mistyped secret is not echoed.
  return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
}
