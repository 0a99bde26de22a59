/**
 * Every setting of the rotator, read from the environment (and optionally a JSON/YAML file named by
 * `CONFIG_FILE`; the environment wins), validated with zod at start. A bad or missing value gives
 * one clear line each, and a secret's value is never repeated in a message.
 */
import { readFileSync } from "node:fs";
import { Cron } from "croner";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { parseDuration } from "./duration.js";
import { DEFAULT_QUEUE_PREFIX } from "./queue/names.js";
import type { PolicyRule } from "./rotation/policy.js";

/** Names of settings whose values are secret. */
export const SECRET_SETTINGS = [
  "KEYWARDEN_PASSWORD",
  "KEYWARDEN_API_KEY",
  "VAULT_TOKEN",
  "VAULT_SECRET_ID",
] as const;

const duration = (name: string) =>
  z.string().transform((text, ctx) => {
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

const CREDENTIALS_HINT: Record<string, string> = {
  KEYWARDEN_URL: "set KEYWARDEN_API_KEY, or KEYWARDEN_USERNAME and KEYWARDEN_PASSWORD",
  VAULT_ADDR: "set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID",
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

const cron = z.string().superRefine((pattern, ctx) => {
  try {
    new Cron(pattern, { paused: true, timezone: "UTC" }).stop();
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: `SCHEDULE is not a valid cron pattern: ${(error as Error).message}`,
    });
  }
});

const rawSchema = z.object({
  KEYWARDEN_URL: url("KEYWARDEN_URL", ["http:", "https:"], "refuse", "e.g. https://utm.example.com"),
  KEYWARDEN_USERNAME: optionalText,
  KEYWARDEN_PASSWORD: optionalText,
  KEYWARDEN_API_KEY: optionalText,
  KEYWARDEN_API_KEY_HEADER: z
    .enum(["authorization", "utm-api-key", "x-api-key"], {
      error: 'KEYWARDEN_API_KEY_HEADER must be one of "authorization", "utm-api-key", "x-api-key"',
    })
    .optional(),
  RETIRE_OLD_KEYS: z
    .enum(["revoke", "delete"], { error: 'RETIRE_OLD_KEYS must be "revoke" or "delete"' })
    .default("revoke"),
  VAULT_ADDR: url("VAULT_ADDR", ["http:", "https:"], "refuse", "e.g. https://vault.example.com:8200"),
  VAULT_TOKEN: optionalText,
  VAULT_ROLE_ID: optionalText,
  VAULT_SECRET_ID: optionalText,
  VAULT_APPROLE_MOUNT: z.string().default("approle"),
  VAULT_NAMESPACE: optionalText,
  VAULT_CACERT: optionalText,
  VAULT_KV_MOUNT: z
    .string()
    .default("secret")
    .refine((mount) => /^[\w.-]+(\/[\w.-]+)*$/.test(mount), {
      message: 'VAULT_KV_MOUNT must be a mount path like "secret"',
    }),
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
  QUEUE_PREFIX: z.string().min(1, "QUEUE_PREFIX must not be empty").default(DEFAULT_QUEUE_PREFIX),
  SCHEDULE: cron.default("*/15 * * * *"),
  ROTATE_WITHIN: duration("ROTATE_WITHIN").default(7 * 86_400_000),
  GRACE_PERIOD: duration("GRACE_PERIOD").default(0),
  CONCURRENCY: positiveInt("CONCURRENCY").default(4),
  RATE_LIMIT: positiveInt("RATE_LIMIT").optional(),
  ATTEMPTS: positiveInt("ATTEMPTS").default(8),
  BACKOFF: duration("BACKOFF").default(2_000),
  SHUTDOWN_TIMEOUT: duration("SHUTDOWN_TIMEOUT").default(30_000),
  METRICS_PORT: z.coerce
    .number({ error: "METRICS_PORT must be a number" })
    .int("METRICS_PORT must be a whole number")
    .min(0, "METRICS_PORT must be 0 (off) to 65535")
    .max(65_535, "METRICS_PORT must be 0 (off) to 65535")
    .default(9464),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
  POLICY_FILE: optionalText,
  ROTATOR_ADDRESS: optionalText,
});

/** The validated configuration. */
export interface RotatorConfig {
  readonly keywarden: {
    readonly url: string;
    /** `revoke` (falls back to delete where the service has no revoke route) or `delete`. */
    readonly retireOldKeys: "revoke" | "delete";
    /** Header API keys are presented in (the rotator's own key, and new keys when verifying them). */
    readonly apiKeyHeader?: "authorization" | "utm-api-key" | "x-api-key";
    readonly auth:
      | { readonly kind: "credentials"; readonly username: string; readonly password: string }
      | {
          readonly kind: "api-key";
          readonly apiKey: string;
          readonly header?: "authorization" | "utm-api-key" | "x-api-key";
        };
  };
  readonly vault: {
    readonly addr: string;
    readonly auth:
      | { readonly kind: "token"; readonly token: string }
      | {
          readonly kind: "approle";
          readonly roleId: string;
          readonly secretId: string;
          readonly mount: string;
        };
    readonly namespace?: string;
    readonly caCert?: string;
    readonly kvMount: string;
    readonly pathTemplate: string;
  };
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly schedule: string;
  readonly rotateWithin: number;
  readonly gracePeriod: number;
  readonly concurrency: number;
  readonly rateLimit?: number;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly shutdownTimeoutMs: number;
  readonly metricsPort: number;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly policyFile?: string;
  readonly policies: readonly PolicyRule[];
  readonly rotatorAddress?: string;
}

/** Thrown when the configuration is invalid; `problems` has one line per bad or missing value. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid rotator configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads and validates the configuration.
 *
 * @param env - usually `process.env`; `CONFIG_FILE` names an optional JSON/YAML file of the same keys.
 * @throws ConfigError listing every problem.
 */
export function loadConfig(env: Record<string, string | undefined>): RotatorConfig {
  const problems: string[] = [];
  const fromFile = env.CONFIG_FILE ? readSettingsFile(env.CONFIG_FILE, "CONFIG_FILE", problems) : {};
  const merged: Record<string, unknown> = { ...stringValues(fromFile), ...definedValues(env) };
  const parsed = rawSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(describeIssue(issue));
  }
  const raw = parsed.success ? parsed.data : undefined;

  // Credentials are checked even when other values are bad, so every problem shows at once.
  const credentials = credentialsSchema.parse(merged);
  const keywardenAuth = pickKeywardenAuth(
    { ...credentials, KEYWARDEN_API_KEY_HEADER: raw?.KEYWARDEN_API_KEY_HEADER },
    problems,
  );
  const vaultAuth = pickVaultAuth(
    { ...credentials, VAULT_APPROLE_MOUNT: raw?.VAULT_APPROLE_MOUNT ?? "approle" },
    problems,
  );
  const policies = raw?.POLICY_FILE ? loadPolicyFile(raw.POLICY_FILE, problems) : [];
  if (problems.length > 0 || !raw || !keywardenAuth || !vaultAuth) throw new ConfigError(problems);

  return {
    keywarden: {
      url: raw.KEYWARDEN_URL,
      auth: keywardenAuth,
      retireOldKeys: raw.RETIRE_OLD_KEYS,
      ...(raw.KEYWARDEN_API_KEY_HEADER ? { apiKeyHeader: raw.KEYWARDEN_API_KEY_HEADER } : {}),
    },
    vault: {
      addr: raw.VAULT_ADDR,
      auth: vaultAuth,
      ...(raw.VAULT_NAMESPACE ? { namespace: raw.VAULT_NAMESPACE } : {}),
      ...(raw.VAULT_CACERT ? { caCert: raw.VAULT_CACERT } : {}),
      kvMount: raw.VAULT_KV_MOUNT,
      pathTemplate: raw.VAULT_PATH_TEMPLATE,
    },
    redisUrl: raw.REDIS_URL,
    queuePrefix: raw.QUEUE_PREFIX,
    schedule: raw.SCHEDULE,
    rotateWithin: raw.ROTATE_WITHIN,
    gracePeriod: raw.GRACE_PERIOD,
    concurrency: raw.CONCURRENCY,
    ...(raw.RATE_LIMIT ? { rateLimit: raw.RATE_LIMIT } : {}),
    attempts: raw.ATTEMPTS,
    backoffMs: raw.BACKOFF,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT,
    metricsPort: raw.METRICS_PORT,
    logLevel: raw.LOG_LEVEL,
    ...(raw.POLICY_FILE ? { policyFile: raw.POLICY_FILE } : {}),
    policies,
    ...(raw.ROTATOR_ADDRESS ? { rotatorAddress: raw.ROTATOR_ADDRESS } : {}),
  };
}

type Raw = z.output<typeof rawSchema>;

const credentialsSchema = rawSchema.pick({
  KEYWARDEN_USERNAME: true,
  KEYWARDEN_PASSWORD: true,
  KEYWARDEN_API_KEY: true,
  VAULT_TOKEN: true,
  VAULT_ROLE_ID: true,
  VAULT_SECRET_ID: true,
});
type Credentials = z.output<typeof credentialsSchema>;

function pickKeywardenAuth(
  raw: Credentials & Pick<Partial<Raw>, "KEYWARDEN_API_KEY_HEADER">,
  problems: string[],
): RotatorConfig["keywarden"]["auth"] | undefined {
  if (raw.KEYWARDEN_API_KEY) {
    return {
      kind: "api-key",
      apiKey: raw.KEYWARDEN_API_KEY,
      ...(raw.KEYWARDEN_API_KEY_HEADER ? { header: raw.KEYWARDEN_API_KEY_HEADER } : {}),
    };
  }
  if (raw.KEYWARDEN_USERNAME && raw.KEYWARDEN_PASSWORD) {
    return { kind: "credentials", username: raw.KEYWARDEN_USERNAME, password: raw.KEYWARDEN_PASSWORD };
  }
  if (raw.KEYWARDEN_USERNAME) problems.push("KEYWARDEN_PASSWORD is required with KEYWARDEN_USERNAME");
  else if (raw.KEYWARDEN_PASSWORD) problems.push("KEYWARDEN_USERNAME is required with KEYWARDEN_PASSWORD");
  else problems.push("Set KEYWARDEN_API_KEY, or KEYWARDEN_USERNAME and KEYWARDEN_PASSWORD");
  return undefined;
}

function pickVaultAuth(
  raw: Credentials & Pick<Raw, "VAULT_APPROLE_MOUNT">,
  problems: string[],
): RotatorConfig["vault"]["auth"] | undefined {
  if (raw.VAULT_TOKEN) return { kind: "token", token: raw.VAULT_TOKEN };
  if (raw.VAULT_ROLE_ID && raw.VAULT_SECRET_ID) {
    return {
      kind: "approle",
      roleId: raw.VAULT_ROLE_ID,
      secretId: raw.VAULT_SECRET_ID,
      mount: raw.VAULT_APPROLE_MOUNT,
    };
  }
  if (raw.VAULT_ROLE_ID) problems.push("VAULT_SECRET_ID is required with VAULT_ROLE_ID");
  else if (raw.VAULT_SECRET_ID) problems.push("VAULT_ROLE_ID is required with VAULT_SECRET_ID");
  else problems.push("Set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID (AppRole)");
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? "config");
  // Our messages start with the setting's name; zod's generic ones get it prefixed. No input value is
  // ever included, so a mistyped secret is not echoed.
  return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
}

function definedValues(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
    ),
  );
}

function stringValues(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
}

function readSettingsFile(path: string, setting: string, problems: string[]): Record<string, unknown> {
  try {
    const text = readFileSync(path, "utf8");
    const data: unknown = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      problems.push(`${setting}: ${path} must contain an object`);
      return {};
    }
    return data as Record<string, unknown>;
  } catch (error) {
    problems.push(`${setting}: cannot read ${path} (${describeReadError(error)})`);
    return {};
  }
}

/**
 * Why a settings file could not be read, without its content: V8's JSON errors and yaml's errors
 * quote the text around the mistake, and that text may be a password.
 */
function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === "string" && code.startsWith("E") && !(error instanceof SyntaxError)) return code;
  const linePos = (error as { linePos?: readonly { line: number; col: number }[] }).linePos?.[0];
  if (linePos) return `not valid YAML at line ${linePos.line}, column ${linePos.col}`;
  const position = /position (\d+)/.exec((error as Error).message)?.[1];
  if (error instanceof SyntaxError) return `not valid JSON${position ? ` at position ${position}` : ""}`;
  return "unreadable";
}

const policyFileSchema = z.object({
  policies: z.array(
    z
      .object({
        match: z.string().min(1, 'match must be a glob like "billing-*"'),
        window: duration("window").optional(),
        lifetime: duration("lifetime").optional(),
        path: z
          .string()
          .refine((template) => template.includes("{name}"), "path must contain {name}")
          .optional(),
        gracePeriod: duration("gracePeriod").optional(),
        skip: z.boolean().optional(),
      })
      .strict(),
  ),
});

function loadPolicyFile(path: string, problems: string[]): PolicyRule[] {
  const before = problems.length;
  const data = readSettingsFile(path, "POLICY_FILE", problems);
  if (problems.length > before) return [];
  const parsed = policyFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`POLICY_FILE ${issue.path.join(".")}: ${issue.message}`);
    return [];
  }
  return parsed.data.policies.map((rule) =>
    Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)),
  ) as unknown as PolicyRule[];
}
