/**
 * Reads the configuration: the environment over the optional settings file, validated at once,
 * under one naming rule (see `names.ts`).
 */
import { readVaultEnv } from "@keywarden/vault";
import type { z } from "zod";
import { formatDuration } from "../duration.js";
import type { PolicyRule } from "../rotation/policy.js";
import { pickKeywardenAuth } from "./credentials.js";
import { loadPolicyFile, readSettingsFile, stringValues } from "./files.js";
import {
  CONFIG_FILE_SETTING,
  deprecationWarnings,
  type NamedValues,
  namesConfigFile,
  toCurrentNames,
  unknownEnvironmentNames,
  unknownFileKeys,
} from "./names.js";
import { pickRedisCluster } from "./redis.js";
import { credentialsSchema, describeIssue, rawSchema } from "./schema.js";
import { ConfigError, type ConfigWarning, type RotatorConfig } from "./types.js";
import { pickWebhooks } from "./webhooks.js";

/** A valid configuration and what its operator should hear about it (logged once at start). */
export interface LoadedConfig {
  readonly config: RotatorConfig;
  readonly warnings: readonly ConfigWarning[];
}

/**
 * Reads and validates the configuration, and drops the warnings: for callers that have no log to
 * put them in. A process an operator configures should use {@link loadConfigWithWarnings}.
 *
 * @param env - usually `process.env`; `KEYWARDEN_CONFIG_FILE` names an optional JSON/YAML file of the
 *   same settings.
 * @throws ConfigError listing every problem (and every warning).
 */
export function loadConfig(env: Record<string, string | undefined>): RotatorConfig {
  return loadConfigWithWarnings(env).config;
}

/**
 * Reads and validates the configuration. Old setting names are read (a warning each), unknown
 * `KEYWARDEN_*` environment names are warned about, and unknown keys of the settings file refused.
 *
 * @param env - usually `process.env`; `KEYWARDEN_CONFIG_FILE` names an optional JSON/YAML file of the
 *   same settings.
 * @throws ConfigError listing every problem (and every warning).
 */
export function loadConfigWithWarnings(env: Record<string, string | undefined>): LoadedConfig {
  const problems: string[] = [];
  const given = definedValues(env);
  const fromEnv = toCurrentNames(given);
  const fromFile = readConfigFile(fromEnv, problems);
  let warnings = [...deprecationWarnings(fromEnv, fromFile), ...unknownEnvironmentNames(Object.keys(given))];
  const merged: Record<string, unknown> = { ...fromFile.values, ...fromEnv.values };
  const writtenAs = new Map([...fromFile.writtenAs, ...fromEnv.writtenAs]);
  let parsed = rawSchema.safeParse(merged);
  const foreign = parsed.success ? [] : foreignOldNames(parsed.error.issues, fromEnv, writtenAs);
  if (foreign.length > 0) {
    for (const { name } of foreign) {
      if (fromFile.values[name] === undefined) delete merged[name];
      else merged[name] = fromFile.values[name];
      writtenAs.set(name, fromFile.writtenAs.get(name) ?? name);
    }
    warnings = [
      ...warnings.filter((warning) => !foreign.some(({ written }) => written === warning.setting)),
      ...foreign.map(({ name, written }) => ({
        kind: "deprecated" as const,
        setting: written,
        use: name,
        message: `${written} (the old name of ${name}) holds a value ${name} cannot take: ignored, as another program's variable; set ${name} to configure the rotator`,
      })),
    ];
    parsed = rawSchema.safeParse(merged);
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(asWritten(issue, writtenAs));
  }
  const raw = parsed.success ? parsed.data : undefined;

  // Credentials are checked even when other values are bad, so every problem shows at once.
  const credentials = credentialsSchema.parse(merged);
  const keywardenAuth = pickKeywardenAuth(
    { ...credentials, KEYWARDEN_API_KEY_HEADER: raw?.KEYWARDEN_API_KEY_HEADER },
    problems,
  );
  // Vault's variables by @keywarden/vault's rules, so the rotator and the client read them alike.
  const vault = readVaultEnv(merged);
  problems.push(...vault.problems);
  const redisCluster = raw
    ? pickRedisCluster(
        {
          explicitUrl: typeof merged.REDIS_URL === "string" ? merged.REDIS_URL : undefined,
          clusterNodes: raw.REDIS_CLUSTER_NODES,
          username: raw.REDIS_USERNAME,
          password: raw.REDIS_PASSWORD,
          tls: raw.REDIS_TLS,
          queuePrefix: raw.KEYWARDEN_QUEUE_PREFIX,
        },
        problems,
      )
    : undefined;
  const policies = raw?.KEYWARDEN_POLICY_FILE ? loadPolicyFile(raw.KEYWARDEN_POLICY_FILE, problems) : [];
  const webhooks = raw ? pickWebhooks(raw, problems) : undefined;
  if (raw) problems.push(...lifetimeProblems(policies, raw.KEYWARDEN_ROTATE_WITHIN), ...leaseProblems(raw));
  if (problems.length > 0 || !raw || !keywardenAuth || !vault.settings) {
    throw new ConfigError(
      problems,
      warnings.map((warning) => warning.message),
    );
  }

  const config: RotatorConfig = {
    keywarden: {
      url: raw.KEYWARDEN_URL,
      auth: keywardenAuth,
      retireOldKeys: raw.KEYWARDEN_RETIRE_OLD_KEYS,
      ...(raw.KEYWARDEN_API_KEY_HEADER ? { apiKeyHeader: raw.KEYWARDEN_API_KEY_HEADER } : {}),
    },
    vault: {
      addr: vault.settings.address,
      auth: vault.settings.auth,
      ...(vault.settings.namespace ? { namespace: vault.settings.namespace } : {}),
      tls: vault.settings.tls,
      kvMount: vault.settings.kvMount,
      pathTemplate: raw.VAULT_PATH_TEMPLATE,
    },
    redisUrl: raw.REDIS_URL,
    ...(redisCluster ? { redisCluster } : {}),
    http: { connectMs: raw.KEYWARDEN_CONNECT_TIMEOUT, requestMs: raw.KEYWARDEN_REQUEST_TIMEOUT },
    queuePrefix: raw.KEYWARDEN_QUEUE_PREFIX,
    schedule: raw.KEYWARDEN_SCHEDULE,
    rotateWithin: raw.KEYWARDEN_ROTATE_WITHIN,
    gracePeriod: raw.KEYWARDEN_GRACE_PERIOD,
    concurrency: raw.KEYWARDEN_CONCURRENCY,
    ...(raw.KEYWARDEN_RATE_LIMIT ? { rateLimit: raw.KEYWARDEN_RATE_LIMIT } : {}),
    attempts: raw.KEYWARDEN_ATTEMPTS,
    backoffMs: raw.KEYWARDEN_BACKOFF,
    shutdownTimeoutMs: raw.KEYWARDEN_SHUTDOWN_TIMEOUT,
    leaseTtlMs: raw.KEYWARDEN_LEASE_TTL,
    retryFailedAfterMs: raw.KEYWARDEN_RETRY_FAILED_AFTER,
    maxRetryAfterMs: raw.KEYWARDEN_MAX_RETRY_AFTER,
    rateLimitBudgetMs: raw.KEYWARDEN_RATE_LIMIT_BUDGET,
    metricsPort: raw.KEYWARDEN_METRICS_PORT,
    metricsHost: raw.KEYWARDEN_METRICS_HOST,
    logLevel: raw.KEYWARDEN_LOG_LEVEL,
    ...(raw.KEYWARDEN_POLICY_FILE ? { policyFile: raw.KEYWARDEN_POLICY_FILE } : {}),
    policies,
    ...(raw.KEYWARDEN_ROTATOR_ADDRESS ? { rotatorAddress: raw.KEYWARDEN_ROTATOR_ADDRESS } : {}),
    ...(webhooks ? { webhooks } : {}),
  };
  return { config, warnings };
}

/**
 * The old, unprefixed names (`LOG_LEVEL`, `SCHEDULE`, `CONCURRENCY`) are common in other programs'
 * environments: one read from the environment with a value its setting cannot take is taken for
 * another program's variable, not a mistake that stops the rotator.
 */
function foreignOldNames(
  issues: readonly z.core.$ZodIssue[],
  fromEnv: NamedValues,
  writtenAs: ReadonlyMap<string, string>,
): { name: string; written: string }[] {
  const found = new Map<string, string>();
  for (const issue of issues) {
    const name = String(issue.path[0] ?? "");
    const written = writtenAs.get(name);
    if (written !== undefined && written !== name && fromEnv.writtenAs.get(name) === written) {
      found.set(name, written);
    }
  }
  return [...found].map(([name, written]) => ({ name, written }));
}

/**
 * A problem about a setting set under its old name names that old name first: it is what the
 * operator will search their files for.
 */
function asWritten(issue: z.core.$ZodIssue, writtenAs: ReadonlyMap<string, string>): string {
  const line = describeIssue(issue);
  const name = String(issue.path[0] ?? "");
  const written = writtenAs.get(name);
  if (written === undefined || written === name || !line.startsWith(name)) return line;
  return `${written} (renamed ${name})${line.slice(name.length)}`;
}

const NO_VALUES: NamedValues = { values: {}, writtenAs: new Map(), oldNames: new Map() };

/**
 * The settings file named in the environment, under the current names; every key that is no
 * setting is a problem, since nothing but the rotator's settings belongs in that file.
 */
function readConfigFile(fromEnv: NamedValues, problems: string[]): NamedValues {
  const path = fromEnv.values[CONFIG_FILE_SETTING];
  if (path === undefined) return NO_VALUES;
  // Named as the operator wrote it, so the line points at what they set.
  const setting = fromEnv.writtenAs.get(CONFIG_FILE_SETTING) ?? CONFIG_FILE_SETTING;
  const data = readSettingsFile(path, setting, problems);
  problems.push(...unknownFileKeys(Object.keys(data), setting, path));
  const settings = Object.entries(stringValues(data)).filter(([key]) => !namesConfigFile(key));
  return toCurrentNames(Object.fromEntries(settings));
}

/**
 * A successor born inside its own rotation window would be rotated again at the next scan, and so
 * on forever: a policy's lifetime must be at least twice its window.
 */
function lifetimeProblems(policies: readonly PolicyRule[], rotateWithin: number): string[] {
  return policies.flatMap((rule, index) => {
    const window = rule.window ?? rotateWithin;
    if (rule.lifetime === undefined || rule.lifetime >= 2 * window) return [];
    return [
      `KEYWARDEN_POLICY_FILE policies.${index}.lifetime (${formatDuration(rule.lifetime)}) must be at least twice its window (${formatDuration(window)}): a successor would be due again at once`,
    ];
  });
}

/**
 * A rotation's claim must outlive the change it guards: a request that passed its check may take its
 * whole deadline (connection and answer) to land.
 */
function leaseProblems(raw: {
  KEYWARDEN_LEASE_TTL: number;
  KEYWARDEN_CONNECT_TIMEOUT: number;
  KEYWARDEN_REQUEST_TIMEOUT: number;
}): string[] {
  const needed = raw.KEYWARDEN_CONNECT_TIMEOUT + raw.KEYWARDEN_REQUEST_TIMEOUT;
  if (raw.KEYWARDEN_LEASE_TTL >= needed) return [];
  return [
    `KEYWARDEN_LEASE_TTL (${formatDuration(raw.KEYWARDEN_LEASE_TTL)}) must be at least KEYWARDEN_CONNECT_TIMEOUT + KEYWARDEN_REQUEST_TIMEOUT (${formatDuration(needed)}): a change that passed its check must land while the claim holds`,
  ];
}

function definedValues(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
    ),
  );
}
