/**
 * Reads the configuration: the environment over the optional settings file, validated at once.
 */
import { formatDuration } from "../duration.js";
import type { PolicyRule } from "../rotation/policy.js";
import { pickKeywardenAuth, pickVaultAuth } from "./credentials.js";
import { loadPolicyFile, readSettingsFile, stringValues } from "./files.js";
import { pickRedisCluster } from "./redis.js";
import { credentialsSchema, describeIssue, rawSchema } from "./schema.js";
import { ConfigError, type RotatorConfig } from "./types.js";

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
  const redisCluster = raw
    ? pickRedisCluster(
        {
          explicitUrl: typeof merged.REDIS_URL === "string" ? merged.REDIS_URL : undefined,
          clusterNodes: raw.REDIS_CLUSTER_NODES,
          username: raw.REDIS_USERNAME,
          password: raw.REDIS_PASSWORD,
          tls: raw.REDIS_TLS,
          queuePrefix: raw.QUEUE_PREFIX,
        },
        problems,
      )
    : undefined;
  const policies = raw?.POLICY_FILE ? loadPolicyFile(raw.POLICY_FILE, problems) : [];
  if (raw) problems.push(...lifetimeProblems(policies, raw.ROTATE_WITHIN));
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
      tls: {
        ...(raw.VAULT_CACERT ? { caCert: raw.VAULT_CACERT } : {}),
        ...(raw.VAULT_CLIENT_CERT ? { clientCert: raw.VAULT_CLIENT_CERT } : {}),
        ...(raw.VAULT_CLIENT_KEY ? { clientKey: raw.VAULT_CLIENT_KEY } : {}),
        ...(raw.VAULT_TLS_SERVER_NAME ? { serverName: raw.VAULT_TLS_SERVER_NAME } : {}),
        skipVerify: raw.VAULT_SKIP_VERIFY,
      },
      kvMount: raw.VAULT_KV_MOUNT,
      pathTemplate: raw.VAULT_PATH_TEMPLATE,
    },
    redisUrl: raw.REDIS_URL,
    ...(redisCluster ? { redisCluster } : {}),
    http: { connectMs: raw.KEYWARDEN_CONNECT_TIMEOUT, requestMs: raw.KEYWARDEN_REQUEST_TIMEOUT },
    queuePrefix: raw.QUEUE_PREFIX,
    schedule: raw.SCHEDULE,
    rotateWithin: raw.ROTATE_WITHIN,
    gracePeriod: raw.GRACE_PERIOD,
    concurrency: raw.CONCURRENCY,
    ...(raw.RATE_LIMIT ? { rateLimit: raw.RATE_LIMIT } : {}),
    attempts: raw.ATTEMPTS,
    backoffMs: raw.BACKOFF,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT,
    leaseTtlMs: raw.KEYWARDEN_LEASE_TTL,
    retryFailedAfterMs: raw.KEYWARDEN_RETRY_FAILED_AFTER,
    maxRetryAfterMs: raw.KEYWARDEN_MAX_RETRY_AFTER,
    rateLimitBudgetMs: raw.KEYWARDEN_RATE_LIMIT_BUDGET,
    metricsPort: raw.METRICS_PORT,
    logLevel: raw.LOG_LEVEL,
    ...(raw.POLICY_FILE ? { policyFile: raw.POLICY_FILE } : {}),
    policies,
    ...(raw.ROTATOR_ADDRESS ? { rotatorAddress: raw.ROTATOR_ADDRESS } : {}),
  };
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
      `POLICY_FILE policies.${index}.lifetime (${formatDuration(rule.lifetime)}) must be at least twice its window (${formatDuration(window)}): a successor would be due again at once`,
    ];
  });
}

function definedValues(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
    ),
  );
}
