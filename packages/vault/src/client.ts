import { hasUrlCredentials } from "./address.js";
import { capabilitiesSelf } from "./capabilities.js";
import { type CasOutcome, type CasUpdate, type CasWriteOptions, writeWithCas } from "./cas-write.js";
import type { TokenLookup, VaultAuth, VaultHealth } from "./envelope.js";
import { VaultConfigError, VaultForbiddenError } from "./errors.js";
import { createKvApi, type KvApi } from "./kv.js";
import type { VaultLogger } from "./logger.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from "./retry.js";
import { type AppRoleCredentials, TokenSession } from "./session.js";
import { type HttpDeadlines, ownFetch, type VaultTlsOptions } from "./tls-options.js";
import { createTransport, type VaultAnswer, type VaultCall } from "./transport.js";

/** Settings of {@link createVaultClient}; {@link vaultOptionsFromEnv} reads them from `VAULT_*`. */
export interface VaultClientOptions {
  /** `VAULT_ADDR`, e.g. `https://vault.example.com:8200`. */
  address: string;
  /** `VAULT_TOKEN`. Optional when `appRole` is set. */
  token?: string;
  /** `VAULT_NAMESPACE`, sent as `X-Vault-Namespace`. */
  namespace?: string;
  /** AppRole login (`VAULT_ROLE_ID`, `VAULT_SECRET_ID`, mount). */
  appRole?: AppRoleCredentials;
  /** The KV v2 mount. Default `secret`. */
  kvMount?: string;
  /**
   * `VAULT_CACERT`, client certificates, server name, skip-verify: used only without `fetch`, through
   * this package's HTTP stack (default deadlines). A caller with its own stack passes its `fetch` instead.
   */
  tls?: VaultTlsOptions;
  /** Retries of idempotent reads. */
  retry?: Partial<RetryPolicy>;
  /** Renew the token once less than this fraction of its lease is left. Default 1/3. */
  renewAtRemainingFraction?: number;
  logger?: VaultLogger;
  /**
   * The fetch every request goes through: an HTTP stack's (`createHttpStack`: deadlines, redirect
   * rules, TLS). Default: a stack of the client's own with `DEFAULT_DEADLINES` and `tls`. Tests that
   * intercept the global fetch (MSW in the same process) pass `(request) => globalThis.fetch(request)`.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Deadlines of the client's own stack, when no `fetch` is given (default `DEFAULT_DEADLINES`: 10 s, 30 s). */
  deadlines?: Partial<HttpDeadlines>;
  /** Injectable for tests: the clock (epoch ms), the sleep between retries, the jitter source. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A Vault KV v2 client. It holds the token privately and never exposes it. */
export interface VaultClient {
  /** KV v2 on the configured mount. */
  readonly kv: KvApi;
  /** Read-decide-write with check-and-set; see {@link writeWithCas}. */
  writeWithCas<T extends Record<string, unknown>>(
    path: string,
    update: CasUpdate<T>,
    options?: CasWriteOptions,
  ): Promise<CasOutcome>;
  /** `auth/token/lookup-self`. Its `id` is the token itself: do not log it. */
  lookupSelf(): Promise<TokenLookup>;
  /** `auth/token/renew-self` (`increment` as `"1h"` or seconds). Returns the auth block (holds the token: do not log). */
  renewSelf(increment?: string | number): Promise<VaultAuth>;
  /** AppRole login with the configured credentials; the client uses the new token from then on. */
  loginWithAppRole(): Promise<VaultAuth>;
  /**
   * `sys/capabilities-self`: the token's capabilities on each full API path (mount included, e.g.
   * `secret/data/keywarden/app`), keyed by the path as given; sorted as Vault sorts them, `["deny"]`
   * for none, `["root"]` for a root token. Reads nothing and writes nothing; retried like a read.
   * @throws VaultForbiddenError when Vault refuses the token itself (unknown, expired or revoked, or
   *   without Vault's `default` policy, which grants this endpoint)
   */
  capabilitiesSelf(paths: readonly string[]): Promise<Record<string, string[]>>;
  /**
   * `sys/health`. Never throws for a node state: 429/472/473/501/503 come back with the body and
   * `status`. Pass Vault's overrides in `query` (e.g. `{ standbyok: "true" }`).
   */
  health(query?: Record<string, string>): Promise<VaultHealth>;
  /** When the current token expires (epoch ms; `Infinity` = never), once known. */
  readonly tokenExpiresAt: number | undefined;
}

const HEALTH_STATUSES = [429, 472, 473, 474, 501, 503, 530];
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates a Vault client: openapi-fetch over the generated Vault types, typed errors, retries of
 * idempotent reads, token renewal and AppRole re-login.
 * @example
 * const vault = createVaultClient(vaultOptionsFromEnv(process.env));
 * const outcome = await vault.writeWithCas("keywarden/app", ({ secret }) => ({ ...secret?.data, api_key: next }));
 */
export function createVaultClient(options: VaultClientOptions): VaultClient {
  if (hasUrlCredentials(options.address)) {
    // fetch refuses such URLs and its error quotes them, password included
    throw new VaultConfigError([
      "address must not contain a user name or password (the value is not shown); use a token or AppRole",
    ]);
  }
  const fetchImpl = options.fetch ?? ownFetch(options.address, options.tls, options.deadlines);
  const transport = createTransport({
    address: options.address,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    fetch: fetchImpl,
  });
  const now = options.now ?? Date.now;
  const session = new TokenSession(transport, {
    ...(options.token ? { token: options.token } : {}),
    ...(options.appRole ? { appRole: options.appRole } : {}),
    now,
    ...(options.renewAtRemainingFraction
      ? { renewAtRemainingFraction: options.renewAtRemainingFraction }
      : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const hooks = {
    sleep: options.sleep ?? defaultSleep,
    ...(options.random ? { random: options.random } : {}),
    onRetry: ({ attempt, delayMs, error }: { attempt: number; delayMs: number; error: unknown }) =>
      options.logger?.warn(
        { event: "vault.retry", attempt, delayMs, cause: (error as Error).message },
        "Retrying a Vault read",
      ),
  };

  async function once(call: Omit<VaultCall, "token">): Promise<VaultAnswer> {
    const token = await session.token();
    try {
      return await transport.send({ ...call, token });
    } catch (error) {
      // a 403 "invalid token" means Vault did nothing: safe to resend once with a new token
      if (
        error instanceof VaultForbiddenError &&
        error.reason === "invalid-token" &&
        (await session.recover(token))
      ) {
        return transport.send({ ...call, token: await session.token() });
      }
      throw error;
    }
  }
  const call = (spec: Omit<VaultCall, "token">, idempotent: boolean) =>
    idempotent ? withRetry(() => once(spec), policy, hooks) : once(spec);
  const kv = createKvApi(call, options.kvMount ?? "secret");

  return {
    kv,
    writeWithCas: (path, update, casOptions) =>
      writeWithCas(kv, path, update, {
        ...(options.logger ? { logger: options.logger } : {}),
        ...casOptions,
      }),
    lookupSelf: () => withRetry(() => session.lookup(), policy, hooks),
    renewSelf: (increment) => session.renew(increment),
    loginWithAppRole: () => session.login(),
    capabilitiesSelf: (paths) => capabilitiesSelf(call, paths),
    async health(query) {
      // a probe: one attempt, so the caller sees the node's state as it is now
      const answer = await transport.send({
        method: "GET",
        path: "/sys/health",
        ...(query ? { query } : {}),
        acceptStatuses: HEALTH_STATUSES,
      });
      return { ...(answer.body as Omit<VaultHealth, "status">), status: answer.status } as VaultHealth;
    },
    get tokenExpiresAt() {
      return session.expiresAt;
    },
  };
}
