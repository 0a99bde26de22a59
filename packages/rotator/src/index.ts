/**
 * `@keywarden/rotator`: rotates API keys before they expire, through HashiCorp Vault. Most users run
 * the `keywarden-rotator` CLI; these exports let a program run the same CLI, or start the rotator in
 * its own process from the same settings, or over key-service and secret-store ports of its own.
 * Each name is listed in the README's "API" section (a test holds the two equal); the rest of the
 * package is internal, and the Vault client is `@keywarden/vault`.
 */
export { main } from "./cli/main.js";
export {
  ConfigError,
  type ConfigWarning,
  type LoadedConfig,
  loadConfig,
  loadConfigWithWarnings,
  type RotatorConfig,
  SECRET_SETTINGS,
} from "./config.js";
export { startHealthServer } from "./observability/health.js";
export { createLogger } from "./observability/logger.js";
export type { RotatorMetrics } from "./observability/metrics.js";
export {
  CasMismatchError,
  isPortError,
  NameTakenError,
  PermanentError,
  PortError,
  RateLimitedError,
  TransientError,
} from "./port-errors.js";
export type {
  AuthCheck,
  KeyId,
  KeyRecord,
  KeyService,
  KeySettings,
  KeyStatus,
  OwnKey,
  RetireOutcome,
  SecretStore,
  StoredSecret,
} from "./ports.js";
export { openRedisConnection, type RedisConnection } from "./queue/connection.js";
export { type RotatorRuntime, type RotatorRuntimeOptions, startRotator } from "./runtime.js";
export {
  type RotatorServices,
  type StartedRotator,
  servicesFromConfig,
  startRotatorFromConfig,
} from "./wiring.js";
