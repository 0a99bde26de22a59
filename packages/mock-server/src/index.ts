export type { UserSeed } from "./auth/users.js";
export { type Clock, createClock, parseDuration } from "./clock.js";
export type { ActiveFault, FaultRule, Faults } from "./faults/registry.js";
export type { ProfileName } from "./http/profiles/index.js";
export { PROFILE_NAMES } from "./http/profiles/index.js";
export {
  createKeyServiceMock,
  type KeyServiceMock,
  type KeyServiceMockOptions,
  type VaultOptions,
} from "./key-service-mock.js";
export {
  type AuthorizationGroup,
  type AuthorizationGroupSeed,
  type AuthorizationGroups,
  BUILT_IN_GROUPS,
} from "./keys/authorization-groups.js";
export { PERMISSIONS, type Permission } from "./keys/model.js";
export type { RandomBytes } from "./random.js";
export { OPERATORS, type Operator } from "./search/operators.js";
export {
  type RequestLogEntry,
  type RunningMockServer,
  type StartMockServerOptions,
  startMockServer,
} from "./server/node-adapter.js";
export { type KeySeed, readSeedFile, type SeedData } from "./store/seed.js";
export type { KeySnapshot, MockStore, StateSnapshot } from "./store/store.js";
export type { ApiKeyUsageLog } from "./store/usage-log.js";
export {
  createVaultEmulation,
  type VaultEmulation,
  type VaultEmulationOptions,
  type VaultState,
} from "./vault/index.js";
