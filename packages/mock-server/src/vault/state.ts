import type { Clock } from "../clock.js";
import { type RandomBytes, secureRandomBytes } from "../random.js";
import { type AppRole, type AppRoleSeed, AppRoleStore } from "./auth/approle.js";
import { DEFAULT_POLICY, type PolicyRule, parsePolicyHcl } from "./auth/policies.js";
import { type IssueTokenInput, type TokenEntry, TokenStore } from "./auth/tokens.js";
import { createServerState, type ServerState } from "./health.js";
import { createKvMount, type KvMount } from "./kv2/types.js";

/** Options of {@link createVaultEmulation}. TTLs are seconds. */
export interface VaultEmulationOptions {
  /** The mock's clock: token TTLs, `created_time`, `delete_version_after` follow it. */
  clock: Clock;
  /** The root token, as `vault server -dev -dev-root-token-id=root`. Default `"root"`. */
  rootToken?: string;
  /** KV v2 mounts. Default `["secret"]`. */
  mounts?: string[];
  /** Where AppRole is mounted. Default `"approle"`. */
  approleMount?: string;
  /** AppRole roles to create at start (and after each reset). */
  roles?: AppRoleSeed[];
  /** Named ACL policies, as HCL text or rules. `root` and `default` are built in. */
  policies?: Record<string, string | PolicyRule[]>;
  /** Largest accepted request body in bytes (Vault's `max_request_size`). Default 32 MiB. */
  maxRequestSize?: number;
  /** Reported by `sys/health`. Default `"1.21.0"`. */
  version?: string;
  /** Source of token ids, accessors, AppRole ids and request ids; default `crypto.randomBytes`. */
  randomBytes?: RandomBytes;
}

/** Arguments of {@link VaultState.createToken}: a token with chosen policies, for tests. */
export interface CreateTokenInput {
  policies: string[];
  /** Seconds; 0 = never expires. Default 3600. */
  ttl?: number;
  maxTtl?: number;
  renewable?: boolean;
  id?: string;
  displayName?: string;
}

/** Everything the emulation holds. Tests read and change it directly (seal, add roles, move time). */
export interface VaultState {
  readonly rootToken: string;
  readonly mounts: Map<string, KvMount>;
  readonly tokens: TokenStore;
  readonly approle: AppRoleStore;
  readonly policies: Map<string, PolicyRule[]>;
  readonly server: ServerState;
  readonly maxRequestSize: number;
  readonly now: () => number;
  /** Source of every random id the emulation hands out. */
  readonly randomBytes: RandomBytes;
  /** Adds a policy from HCL or rules. */
  addPolicy(name: string, policy: string | PolicyRule[]): void;
  /** Adds an AppRole role; read its `roleId` and `secretIds` from the result. */
  addRole(seed: AppRoleSeed): AppRole;
  /** Issues a token (service type, with a lease) carrying `policies` plus `default`. */
  createToken(input: CreateTokenInput): TokenEntry;
  /** Seals the node: every request but `sys/health` answers 503 `Vault is sealed`. */
  seal(): void;
  unseal(): void;
  /** Makes the node a standby (`sys/health` → 429, or 473 with `performance`). */
  setStandby(standby: boolean, performance?: boolean): void;
}

/** Builds the emulation's state from its options; called again by `reset()`. */
export function createVaultState(options: VaultEmulationOptions): VaultState {
  const now = () => options.clock.now();
  const random = options.randomBytes ?? secureRandomBytes;
  const tokens = new TokenStore(now, random);
  const rootToken = options.rootToken ?? "root";
  const policies = new Map<string, PolicyRule[]>([["default", DEFAULT_POLICY]]);
  const state: VaultState = {
    rootToken,
    mounts: new Map((options.mounts ?? ["secret"]).map((m) => [m.replace(/^\/|\/$/g, ""), createKvMount()])),
    tokens,
    approle: new AppRoleStore(tokens, now, options.approleMount ?? "approle", random),
    policies,
    server: createServerState(options.version),
    maxRequestSize: options.maxRequestSize ?? 32 * 1024 * 1024,
    now,
    randomBytes: random,
    addPolicy(name, policy) {
      policies.set(name, typeof policy === "string" ? parsePolicyHcl(policy) : policy);
    },
    addRole(seed) {
      for (const p of seed.policies ?? []) {
        if (!policies.has(p))
          throw new Error(`AppRole "${seed.name}" names policy "${p}", which is not defined: add it first`);
      }
      return state.approle.addRole(seed);
    },
    createToken(input) {
      const ttl = input.ttl ?? 3600;
      const issue: IssueTokenInput = {
        policies: ["default", ...input.policies],
        displayName: input.displayName ?? "token",
        path: "auth/token/create",
        ttl,
        maxTtl: input.maxTtl ?? 0,
        renewable: input.renewable ?? true,
        orphan: false,
        hasLease: ttl > 0,
        ...(input.id ? { id: input.id } : {}),
      };
      return tokens.issue(issue);
    },
    seal() {
      state.server.sealed = true;
    },
    unseal() {
      state.server.sealed = false;
    },
    setStandby(standby, performance = false) {
      state.server.standby = standby;
      state.server.performanceStandby = standby && performance;
      state.server.haEnabled = state.server.haEnabled || standby;
    },
  };
  tokens.issue({
    id: rootToken,
    policies: ["root"],
    displayName: "root",
    path: "auth/token/root",
    ttl: 0,
    renewable: false,
    orphan: true,
    hasLease: false,
  });
  for (const [name, policy] of Object.entries(options.policies ?? {})) state.addPolicy(name, policy);
  for (const role of options.roles ?? []) state.addRole(role);
  return state;
}
