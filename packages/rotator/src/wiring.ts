/**
 * Builds the rotator's parts from the validated configuration: the SDK client and the Vault client
 * behind the two ports, and the policy settings; and starts a whole rotator from it
 * ({@link startRotatorFromConfig}, what `run`, `worker` and the benchmark's in-process rotator use).
 */
import { createKeywardenClient, type KeywardenClientOptions } from "@keywarden/sdk";
import { createVaultClient, type VaultClientOptions } from "@keywarden/vault";
import type { Telemetry } from "bullmq";
import { allowedIpCheck } from "./adapters/address-check.js";
import { identifyKey } from "./adapters/key-ownership.js";
import { createKeyServiceAdapter } from "./adapters/key-service.js";
import { fixedOwnKey, vaultOwnKey } from "./adapters/own-key.js";
import { createVaultAccessCheck, type VaultAccessCheck } from "./adapters/vault-access.js";
import { createVaultHistory, type VaultVersionRecord } from "./adapters/vault-history.js";
import { createVaultStore } from "./adapters/vault-store.js";
import { configFingerprint } from "./config/fingerprint.js";
import type { RotatorConfig } from "./config.js";
import { httpStackFromConfig } from "./http/from-config.js";
import type { Logger } from "./observability/logger.js";
import { createMetrics, type RotatorMetrics } from "./observability/metrics.js";
import type { KeyService, OwnKey, SecretStore } from "./ports.js";
import type { RedisConnection } from "./queue/connection.js";
import type { PolicySettings } from "./rotation/policy.js";
import { type RotatorRuntime, startRotator } from "./runtime.js";
import type { WebhookServices } from "./webhooks/runtime.js";
import { webhookSecretSupplier } from "./webhooks/secret.js";

/** What a rotation needs, built from configuration. */
export interface RotatorServices {
  readonly keys: KeyService;
  readonly secrets: SecretStore;
  readonly settings: PolicySettings;
  readonly canAuthenticateFrom: (allowedIp: readonly string[]) => boolean;
  /** A Vault path's versions for `history` (which key each held, when); absent in embedded setups. */
  readonly vaultHistory?: (path: string) => Promise<VaultVersionRecord[]>;
  /** Read-only Vault checks for `plan` (token and per-path access); absent in embedded setups. */
  readonly vaultAccess?: VaultAccessCheck;
  /** The API key the rotator runs with, which it must never revoke while it does (see `OwnKey`). */
  readonly ownKey?: OwnKey;
  /** Signed webhooks (`KEYWARDEN_WEBHOOK_*`); none when not configured. */
  readonly webhooks?: WebhookServices;
}

/** The global defaults plus the policy file's rules. */
export function policySettings(config: RotatorConfig): PolicySettings {
  return {
    rotateWithin: config.rotateWithin,
    gracePeriod: config.gracePeriod,
    pathTemplate: config.vault.pathTemplate,
    rules: config.policies,
  };
}

/** SDK client options from the configuration; a key kept in Vault is supplied by `ownKey`. */
function keywardenClientOptions(
  config: RotatorConfig,
  vaultKey: ReturnType<typeof vaultOwnKey> | undefined,
): KeywardenClientOptions {
  const auth = config.keywarden.auth;
  const header = auth.kind === "credentials" ? undefined : auth.header;
  return {
    baseUrl: config.keywarden.url,
    auth:
      auth.kind === "credentials"
        ? { username: auth.username, password: auth.password, bypassTfa: true }
        : {
            apiKey: vaultKey ? vaultKey.supply : (auth as { apiKey: string }).apiKey,
            ...(header ? { header } : {}),
          },
    userAgent: "keywarden-rotator",
  };
}

/** Vault client options from the configuration. */
function vaultClientOptions(config: RotatorConfig, logger?: Logger): VaultClientOptions {
  const { vault } = config;
  return {
    address: vault.addr,
    ...(vault.auth.kind === "token"
      ? { token: vault.auth.token }
      : { appRole: { roleId: vault.auth.roleId, secretId: vault.auth.secretId, mount: vault.auth.mount } }),
    ...(vault.namespace ? { namespace: vault.namespace } : {}),
    kvMount: vault.kvMount,
    ...(logger ? { logger: logger.child({ component: "vault" }) } : {}),
  };
}

/** Builds both ports over the real clients. */
export function servicesFromConfig(config: RotatorConfig, logger?: Logger): RotatorServices {
  // One stack for the SDK, the probes, Vault and webhooks: its deadline bounds every attempt, body included,
  // so the SDK's own timer (an abort signal per request) is turned off.
  const { fetch } = httpStackFromConfig(config, logger);
  const vault = createVaultClient({ ...vaultClientOptions(config, logger), fetch });
  const auth = config.keywarden.auth;
  const vaultKey = auth.kind === "api-key-in-vault" ? vaultOwnKey(vault, auth.path) : undefined;
  const clientOptions = { ...keywardenClientOptions(config, vaultKey), fetch, timeoutMs: 0 };
  const client = createKeywardenClient(clientOptions);
  const header = config.keywarden.apiKeyHeader;
  const probeClient = (secret: string) =>
    createKeywardenClient({ ...clientOptions, auth: { apiKey: secret, header: header ?? "authorization" } });
  const ownKey =
    vaultKey ??
    (auth.kind === "api-key"
      ? fixedOwnKey(auth.apiKey, () => identifyKey(client, probeClient(auth.apiKey)))
      : undefined);
  return {
    keys: createKeyServiceAdapter(client, {
      ...(header ? { verifyHeader: header } : {}),
      probeClient,
      revoke: config.keywarden.retireOldKeys === "delete" ? "never" : "auto",
    }),
    ...(ownKey ? { ownKey } : {}),
    ...(config.webhooks
      ? {
          webhooks: {
            config: config.webhooks,
            fetch,
            secret: webhookSecretSupplier(config.webhooks.secret, vault),
          },
        }
      : {}),
    secrets: createVaultStore(vault),
    vaultAccess: createVaultAccessCheck(vault, config.vault.addr),
    vaultHistory: createVaultHistory(vault),
    settings: policySettings(config),
    canAuthenticateFrom: allowedIpCheck(config.rotatorAddress),
  };
}

/** What {@link startRotatorFromConfig} started. */
export interface StartedRotator {
  readonly runtime: RotatorRuntime;
  /** Its metrics; `keywarden_rotation_queue_jobs` reads the rotation queue at each scrape. */
  readonly metrics: RotatorMetrics;
  readonly services: RotatorServices;
}

/**
 * Starts a rotator from the configuration, as `keywarden-rotator run` (with `schedule: true`: the
 * scan schedule, a scan at start, and scan jobs) or `worker` (rotations only) does: the services
 * over the real clients, metrics, and the runtime with the configured prefix, concurrency, rate
 * limit and job policy. Serving the metrics and stopping on signals are left to the caller.
 *
 * @param options.connection - Redis, already checked reachable by the caller; `stop` leaves it open.
 * @param options.services - defaults to {@link servicesFromConfig}.
 */
export async function startRotatorFromConfig(
  config: RotatorConfig,
  options: {
    readonly connection: RedisConnection;
    readonly logger: Logger;
    readonly schedule: boolean;
    readonly services?: RotatorServices;
    /**
     * BullMQ's lock and stall check (default 30 s each): how soon a killed process's job is
     * resumed elsewhere. Only the crash tests shorten them.
     */
    readonly lockTiming?: { readonly lockDurationMs: number; readonly stalledIntervalMs: number };
    /** BullMQ's telemetry when tracing is on (`startOtlpTracing`'s `queueTelemetry`). */
    readonly telemetry?: Telemetry | undefined;
  },
): Promise<StartedRotator> {
  const services = options.services ?? servicesFromConfig(config, options.logger);
  let runtime: RotatorRuntime | undefined;
  const metrics = createMetrics(() => runtime?.readQueueCounts() ?? Promise.resolve(undefined));
  runtime = await startRotator({
    services,
    connection: options.connection,
    prefix: config.queuePrefix,
    logger: options.logger,
    metrics,
    concurrency: config.concurrency,
    rateLimitPerSecond: config.rateLimit,
    jobPolicy: { attempts: config.attempts, backoffMs: config.backoffMs },
    leaseTtlMs: config.leaseTtlMs,
    healing: { retryFailedAfterMs: config.retryFailedAfterMs, configFingerprint: configFingerprint(config) },
    rateLimits: { maxRetryAfterMs: config.maxRetryAfterMs, budgetMs: config.rateLimitBudgetMs },
    ...(options.schedule ? { schedule: config.schedule } : {}),
    ...options.lockTiming,
    telemetry: options.telemetry,
  });
  return { runtime, metrics, services };
}
