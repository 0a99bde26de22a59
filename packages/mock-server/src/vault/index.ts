/**
 * A Vault emulation good enough that a client passing against it passes against a real Vault:
 * KV v2, token auth, AppRole and `sys/health`, wire-exact per `../shared/vault/kv2-contract.md`; and
 * `sys/capabilities-self`, which the contract does not cover, per Vault's source (see its module).
 *
 * @example
 * const vault = createVaultEmulation({ clock: createClock() });
 * const server = setupServer(...vault.handlers);
 * server.listen();
 * // point a client at any origin, e.g. http://vault.test:8200, with token "root"
 */
import type { RequestHandler } from "msw";
import type { Clock } from "../clock.js";
import { mswHandlerFor } from "../msw/handler.js";
import { vaultService } from "./service.js";
import { createVaultState, type VaultEmulationOptions, type VaultState } from "./state.js";

export type { AppRole, AppRoleSeed } from "./auth/approle.js";
export { type Capability, PolicyParseError, type PolicyRule, parsePolicyHcl } from "./auth/policies.js";
export type { TokenEntry } from "./auth/tokens.js";
export type { ServerState } from "./health.js";
export { handleVaultRequest } from "./http/dispatch.js";
export type { VaultHttpRequest } from "./http/request.js";
export type { KvConfig, KvKey, KvMount, KvVersion } from "./kv2/types.js";
export type { CreateTokenInput, VaultEmulationOptions, VaultState } from "./state.js";
export type { VaultReply } from "./wire/reply.js";

/** What {@link createVaultEmulation} returns. */
export interface VaultEmulation {
  /** MSW handlers for `*\/v1/*`; put them in `setupServer(...)` or the standalone server. */
  handlers: RequestHandler[];
  /** Forgets every secret, token, role and policy added since start; re-applies the options. */
  reset(): void;
  /** The live state (replaced by `reset()`, so read it through this getter each time). */
  readonly state: VaultState;
}

/**
 * Creates the Vault emulation.
 * @param options `clock` (required), `rootToken` (default `"root"`), `mounts` (default `["secret"]`),
 *   `roles`, `policies`, `approleMount`, `maxRequestSize`, `version`
 */
export function createVaultEmulation(options: VaultEmulationOptions & { clock: Clock }): VaultEmulation {
  let state = createVaultState(options);
  const service = vaultService(() => state);
  return {
    handlers: [mswHandlerFor(service)],
    reset() {
      state = createVaultState(options);
    },
    get state() {
      return state;
    },
  };
}
