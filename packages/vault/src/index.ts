/**
 * `@keywarden/vault`: a Vault KV v2 client typed from Vault's own OpenAPI subset (`specs/vault/`),
 * calling through openapi-fetch, with typed errors, retries of idempotent reads, token renewal and
 * AppRole re-login, and a check-and-set helper that re-reads instead of resending. Its HTTP stack
 * (undici, deadlines, same-origin redirects, per-origin TLS) is exported too, so a program that also
 * talks to other services sends everything through one stack.
 */
export {
  type CasCurrent,
  type CasOutcome,
  type CasUpdate,
  type CasWriteOptions,
  readForCas,
  writeWithCas,
} from "./cas-write.js";
export { createVaultClient, type VaultClient, type VaultClientOptions } from "./client.js";
export {
  readVaultEnv,
  VAULT_ENV_NAMES,
  VAULT_SECRET_NAMES,
  type VaultEnvAuth,
  type VaultEnvReading,
  type VaultEnvSettings,
  vaultOptionsFromEnv,
} from "./env.js";
export type {
  KvMetadata,
  KvMetadataInput,
  KvSecret,
  KvVersionMetadata,
  KvVersionSummary,
  TokenLookup,
  VaultAuth,
  VaultEnvelope,
  VaultHealth,
} from "./envelope.js";
export {
  type ForbiddenReason,
  VaultBadRequestError,
  VaultCasConflictError,
  VaultCasMismatchError,
  VaultConfigError,
  VaultConnectionError,
  VaultError,
  VaultForbiddenError,
  VaultNotFoundError,
  type VaultRequestInfo,
  VaultSealedError,
  VaultServerError,
  VaultStandbyError,
  type VaultVersionState,
} from "./errors.js";
export {
  createHttpStack,
  DEFAULT_DEADLINES,
  HttpDeadlineError,
  type HttpFetch,
  HttpRedirectError,
  type HttpStack,
  HttpStackError,
  type HttpStackOptions,
  MAX_REDIRECTS,
  readTlsSettings,
  type TlsSettings,
  type TlsSources,
} from "./http/index.js";
export type { KvApi, KvWriteOptions } from "./kv.js";
export type { VaultLogger } from "./logger.js";
export { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, type RetryPolicy } from "./retry.js";
export type { AppRoleCredentials } from "./session.js";
export type { VaultTlsOptions } from "./tls-options.js";
export { toVaultError } from "./transport.js";
