/**
 * `@keywarden/rotator`: rotates API keys before they expire, through HashiCorp Vault. Most users run
 * the `keywarden-rotator` CLI; these exports let a program embed the same pieces.
 */

export * from "@keywarden/vault";
export { allowedIpCheck } from "./adapters/address-check.js";
export {
  createKeyServiceAdapter,
  type KeyServiceAdapterOptions,
  toKeyRecord,
} from "./adapters/key-service.js";
export { toPortError } from "./adapters/key-service-errors.js";
export {
  createVaultAccessCheck,
  type VaultAccessCheck,
  type VaultPathAccess,
  VaultPreflightError,
  type VaultTokenInfo,
} from "./adapters/vault-access.js";
export { createVaultStore, toStoreError } from "./adapters/vault-store.js";
export {
  ConfigError,
  loadConfig,
  type RedisClusterConfig,
  type RotatorConfig,
  SECRET_SETTINGS,
} from "./config.js";
export { formatDuration, parseDuration } from "./duration.js";
export { startHealthServer } from "./observability/health.js";
export { createLogger, REDACT_PATHS } from "./observability/logger.js";
export { createMetrics, type RotatorMetrics } from "./observability/metrics.js";
export { redactCredentials } from "./observability/redact.js";
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
  RetireOutcome,
  SecretStore,
  StoredSecret,
} from "./ports.js";
export { classifyFailure, type FailureDisposition } from "./queue/classify-failure.js";
export { createClusterConnection } from "./queue/cluster-connection.js";
export {
  assertRedisReachable,
  assertRedisTargetReachable,
  createRedisConnection,
  openRedisConnection,
  type RedisConnection,
  type RedisTarget,
} from "./queue/connection.js";
export { hashTagOf } from "./queue/hash-tag.js";
export type { RotationJobData, RotationJobResult, ScanJobData } from "./queue/job-data.js";
export * from "./queue/names.js";
export {
  DEFAULT_JOB_POLICY,
  openQueues,
  type RotationJobPolicy,
  type RotatorQueues,
} from "./queue/queues.js";
export {
  createRotationWorker,
  type RotationObserver,
  type RotationWorkerOptions,
  stopWorker,
} from "./queue/rotation-worker.js";
export { rotationJob, type ScanReport, scanAndEnqueue } from "./queue/scan.js";
export {
  createScanWorker,
  requestScan,
  requestStartupScan,
  scheduleScans,
  scheduleSlot,
  startupScanJobId,
} from "./queue/scheduler.js";
export { type RotatorStatus, readStatus } from "./queue/status.js";
export { abandonRotation } from "./rotation/abandon.js";
export {
  type RotationContext,
  RotationInterruptedError,
  type RotationOutcome,
  type RotationTarget,
  STEP_NAMES,
  type StepEvent,
  type StepName,
} from "./rotation/context.js";
export {
  belongsTo,
  convergenceViolations,
  type KeyView,
  type LogicalKeySnapshot,
  safetyViolations,
  type VaultView,
} from "./rotation/invariants.js";
export {
  isRetiredName,
  isSuccessorName,
  retiredName,
  rotationJobId,
  successorName,
  vaultPathFor,
} from "./rotation/naming.js";
export { isDue, type PlanDecision, type PlanEntry, planKey, successorLifetime } from "./rotation/plan.js";
export {
  globMatches,
  type PolicyRule,
  type PolicySettings,
  policyFor,
  type RotationPolicy,
} from "./rotation/policy.js";
export { rotateKey } from "./rotation/rotate.js";
export { type RotatorRuntime, type RotatorRuntimeOptions, startRotator } from "./runtime.js";
export {
  policySettings,
  type RotatorServices,
  type StartedRotator,
  servicesFromConfig,
  startRotatorFromConfig,
} from "./wiring.js";
