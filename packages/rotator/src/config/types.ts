/**
 * The shape of the rotator's validated configuration, its error, and which settings are secret.
 */
import { VAULT_SECRET_NAMES, type VaultEnvAuth } from "@keywarden/vault";
import type { PolicyRule } from "../rotation/policy.js";
import type { WebhookEventType } from "../webhooks/events.js";

/** Names of settings whose values are secret. */
export const SECRET_SETTINGS = [
  "KEYWARDEN_PASSWORD",
  "KEYWARDEN_API_KEY",
  ...VAULT_SECRET_NAMES,
  "REDIS_PASSWORD",
  "KEYWARDEN_WEBHOOK_SECRET",
] as const;

/** A Redis Cluster to connect to instead of `REDIS_URL` (`REDIS_CLUSTER_NODES` and friends). */
export interface RedisClusterConfig {
  /** Seed nodes; the client discovers the rest of the cluster from any of them. */
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
  /** ACL user (`REDIS_USERNAME`), on every node. */
  readonly username?: string;
  /** Password (`REDIS_PASSWORD`), on every node; secret, never logged. */
  readonly password?: string;
  /** TLS to every node (`REDIS_TLS=true`). */
  readonly tls: boolean;
}

/** TLS settings for Vault, as Vault's own CLI reads them (`VAULT_CACERT`, ...). Paths are PEM files. */
export interface VaultTlsConfig {
  readonly caCert?: string;
  readonly clientCert?: string;
  readonly clientKey?: string;
  readonly serverName?: string;
  /** `VAULT_SKIP_VERIFY=true`: no certificate check at all (a loud warning at start). */
  readonly skipVerify: boolean;
}

/** Deadlines of every outbound call the rotator makes (key service, Vault, verification probes). */
export interface HttpTimeouts {
  /** Establishing a connection (TCP + TLS). */
  readonly connectMs: number;
  /** One request, from sending it to the end of the answer's body. */
  readonly requestMs: number;
}

/** Signed webhooks (`KEYWARDEN_WEBHOOK_*`): where, with which secret, which events, how persistently. */
export interface WebhookConfig {
  /** Receivers; each event is delivered to each, as its own job. */
  readonly urls: readonly string[];
  /** `whsec_` secret given directly, or read from this path under the KV mount (field `secret`). */
  readonly secret:
    | { readonly kind: "value"; readonly value: string }
    | { readonly kind: "vault"; readonly path: string };
  /** Only these events are sent; all when absent. */
  readonly events?: readonly WebhookEventType[];
  /** Delivery attempts before a delivery is dead-lettered (listed by `status`). */
  readonly attempts: number;
  /** First retry delay; it doubles each attempt, with jitter. */
  readonly backoffMs: number;
}

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
        }
      | {
          /** The rotator's own key, read from this path under the KV mount (`{api_key, key_id}`). */
          readonly kind: "api-key-in-vault";
          readonly path: string;
          readonly header?: "authorization" | "utm-api-key" | "x-api-key";
        };
  };
  readonly vault: {
    readonly addr: string;
    readonly auth: VaultEnvAuth;
    readonly namespace?: string;
    /** TLS to Vault (ignored for an http:// address, where any of them is a configuration error). */
    readonly tls: VaultTlsConfig;
    readonly kvMount: string;
    readonly pathTemplate: string;
  };
  /** One Redis (`REDIS_URL`); not used when {@link RotatorConfig.redisCluster} is set. */
  readonly redisUrl: string;
  /** Redis Cluster (`REDIS_CLUSTER_NODES`); the queue prefix is then known to carry a hash tag. */
  readonly redisCluster?: RedisClusterConfig;
  readonly http: HttpTimeouts;
  readonly queuePrefix: string;
  readonly schedule: string;
  readonly rotateWithin: number;
  readonly gracePeriod: number;
  readonly concurrency: number;
  readonly rateLimit?: number;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly shutdownTimeoutMs: number;
  /**
   * How long a rotation's claim on its key lasts without renewal (a killed rotator's claim lapses
   * after it); far longer than any request's deadline.
   */
  readonly leaseTtlMs: number;
  /** Cool-down before a rotation that needed attention for a transient reason is tried again. */
  readonly retryFailedAfterMs: number;
  /** The longest pause a 429's `Retry-After` may impose on the queue. */
  readonly maxRetryAfterMs: number;
  /** Total 429 pause a rotation may run into before a further 429 counts as a failed attempt. */
  readonly rateLimitBudgetMs: number;
  readonly metricsPort: number;
  /** Interface the `/metrics`, `/healthz`, `/readyz` server binds (`0.0.0.0`: all of them). */
  readonly metricsHost: string;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly policyFile?: string;
  readonly policies: readonly PolicyRule[];
  readonly rotatorAddress?: string;
  /** Signed webhooks; none when `KEYWARDEN_WEBHOOK_URLS` is not set. */
  readonly webhooks?: WebhookConfig;
}

/**
 * Something about the settings that does not stop the rotator but that its operator must hear of:
 * a deprecated name, or a name it does not read. One line, naming settings, never a value.
 */
export interface ConfigWarning {
  /** `deprecated`: an old name, still read; `unknown`: a name the rotator ignores. */
  readonly kind: "deprecated" | "unknown";
  /** The name as the operator wrote it. */
  readonly setting: string;
  /** The name to use instead: the new name, or the closest valid one. */
  readonly use?: string;
  readonly message: string;
}

/**
 * Thrown when the configuration is invalid; `problems` has one line per bad or missing value.
 * `warnings` come along because, with no logger yet, the message is the only place they can show,
 * and a typo warned about is often the cause of a problem ("KEYWARDEN_URL is required").
 */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly warnings: readonly string[] = [],
  ) {
    const list = (lines: readonly string[]) => lines.map((line) => `  - ${line}`).join("\n");
    super(
      `Invalid rotator configuration:\n${list(problems)}` +
        (warnings.length > 0 ? `\nWarnings:\n${list(warnings)}` : ""),
    );
    this.name = "ConfigError";
  }
}
