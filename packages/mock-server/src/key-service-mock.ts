import { setTimeout as sleep } from "node:timers/promises";
import type { RequestHandler } from "msw";
import type { UserSeed } from "./auth/users.js";
import { type Clock, createClock } from "./clock.js";
import type { MockRequest } from "./exchange/request.js";
import type { MockService } from "./exchange/service.js";
import { createFaults, type Faults } from "./faults/registry.js";
import type { AdminOptions } from "./http/admin.js";
import {
  createKeyServiceCore,
  DEFAULT_BODY_LIMIT,
  handleKeyServiceRequest,
  keyServiceClaims,
} from "./http/key-service-core.js";
import { type Profile, type ProfileName, profileNamed } from "./http/profiles/index.js";
import type { ServiceContext } from "./http/route.js";
import { DEFAULT_KEY_LIMIT } from "./keys/model.js";
import { mswHandlerFor } from "./msw/handler.js";
import type { RandomBytes } from "./random.js";
import { readSeedFile, type SeedData } from "./store/seed.js";
import { MockStore } from "./store/store.js";
import { createVaultEmulation, type VaultEmulation, type VaultEmulationOptions } from "./vault/index.js";
import { isVaultPath, vaultService } from "./vault/service.js";

/** Options of the bundled Vault emulation (its clock is always the mock's). */
export type VaultOptions = Omit<VaultEmulationOptions, "clock">;

/** Options of {@link createKeyServiceMock}. Every one is optional. */
export interface KeyServiceMockOptions {
  /** `documented` (default) or `utmstack-v11` (UTMStack's released backend, quirks included). */
  profile?: ProfileName;
  /** Serve only this origin (e.g. `http://localhost:8080`); default: any origin. */
  baseUrl?: string;
  /** A clock to share (e.g. with other mocks); default a new one. */
  clock?: Clock;
  /** Pin the new clock to this instant (and return to it on reset). */
  now?: Date | number | string;
  /** Trust `X-Forwarded-For` as the caller's address (tests use it to play other addresses). */
  trustProxy?: boolean;
  /** Per-user limit of ACTIVE keys (documented profile); default 10. */
  keyLimit?: number;
  /** Users to create; default `admin`/`admin` with every permission. */
  users?: UserSeed[];
  /** Seed data, or the path of a JSON seed file (users, keys with known secrets, alerts). */
  seed?: SeedData | string;
  /**
   * Serve the `/__mock/*` control routes; default false in-process (the CLI turns it on). Over a
   * socket they answer only same-origin requests naming this machine in `Host` (see `AdminOptions`).
   */
  admin?: boolean | AdminOptions;
  /** The largest request body the key service reads (larger: 413); default 1 MiB. */
  bodyLimitBytes?: number;
  /** How many usage-log documents to keep (the oldest go first); default 10000. */
  usageLogLimit?: number;
  /** The code `POST /api/tfa/verify-code` accepts; default `123456`. */
  tfaCode?: string;
  /** Randomness for fault probability and random latency; default Math.random. */
  random?: () => number;
  /**
   * Source of API-key secrets, the JWT signing key, usage-document ids and the Vault emulation's
   * tokens and ids; default `crypto.randomBytes`. A seeded source makes answers reproducible.
   */
  randomBytes?: RandomBytes;
  /** Also serve the Vault KV v2 emulation (`*\/v1/*`), sharing clock and faults; default true. */
  vault?: boolean | VaultOptions;
  /** Extra MSW handlers, tried after the mock's own routes; faults apply to them too. */
  extraHandlers?: RequestHandler[];
}

/** A ready key-service mock. Put `handlers` in `setupServer(...)` or `startMockServer`. */
export interface KeyServiceMock {
  /** MSW handlers: the mock (faults, controls, key service, Vault), then any `extraHandlers`. */
  handlers: RequestHandler[];
  /** The in-memory state (users, keys, documents, usage log). */
  store: MockStore;
  /** The clock every time-based rule reads; `clock.advance("31d")` moves time. */
  clock: Clock;
  /** Latency, error statuses and network errors per route. */
  faults: Faults;
  /** The active behaviour. */
  profile: Profile;
  /** The Vault emulation, unless `vault: false`. */
  vault?: VaultEmulation;
  /** Back to the initial state: seed re-applied, faults cleared, clock back to its start. */
  reset(): void;
}

/**
 * Creates a stateful mock of the UTMStack / Keywarden key service as MSW handlers.
 *
 * Create API clients after `server.listen()`: MSW patches `fetch` there, and clients such as
 * openapi-fetch capture `fetch` when they are created.
 * @example
 * const mock = createKeyServiceMock({ profile: "documented" });
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const login = await fetch("http://utm.test/api/authenticate", {
 *   method: "POST", body: JSON.stringify({ username: "admin", password: "admin" }),
 * });
 */
export function createKeyServiceMock(options: KeyServiceMockOptions = {}): KeyServiceMock {
  const profile = profileNamed(options.profile ?? "documented");
  const clock = options.clock ?? createClock(options.now);
  const seed = typeof options.seed === "string" ? readSeedFile(options.seed) : (options.seed ?? {});
  const users = options.users ?? seed.users;
  const store = new MockStore(
    clock,
    profile.keyRules(options.keyLimit ?? DEFAULT_KEY_LIMIT),
    { ...seed, users },
    options.usageLogLimit,
    options.randomBytes,
  );
  const { faults, decide, any: anyFault } = createFaults(options.random);
  const context: ServiceContext = {
    store,
    clock,
    profile,
    trustProxy: options.trustProxy ?? false,
    tfaCode: options.tfaCode ?? "123456",
  };
  const vault =
    options.vault === false
      ? undefined
      : createVaultEmulation({
          randomBytes: options.randomBytes,
          ...(typeof options.vault === "object" ? options.vault : {}),
          clock,
        });
  const vaultPart = vault && vaultService(() => vault.state);

  const reset = () => {
    faults.clear();
    if (!options.clock) {
      clock.reset();
      if (options.now !== undefined) clock.set(options.now);
    }
    store.reset();
    vault?.reset();
  };

  const keyService = createKeyServiceCore(context, {
    baseUrl: options.baseUrl,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    admin: options.admin
      ? {
          targets: { store, clock, faults, reset },
          options: typeof options.admin === "object" ? options.admin : {},
        }
      : undefined,
  });
  const answerOwned = (request: MockRequest) =>
    handleKeyServiceRequest(keyService, request) ?? vaultPart?.answer(request);
  const service: MockService = {
    bodyLimit: (method, url) =>
      vaultPart && isVaultPath(url) ? vaultPart.bodyLimit(method, url) : keyService.bodyLimit,
    // a latency-only fault passes the request on after its wait, body and all
    claims: (method, url) =>
      !anyFault() && (keyServiceClaims(keyService, method, url) || (vaultPart?.claims(method, url) ?? false)),
    answer(request) {
      const fault = decide(request);
      if (fault === undefined) return answerOwned(request);
      const answer = () => fault.answer ?? answerOwned(request);
      return fault.delayMs > 0 ? sleep(fault.delayMs).then(answer) : answer();
    },
  };
  const handlers: RequestHandler[] = [mswHandlerFor(service), ...(options.extraHandlers ?? [])];
  return { handlers, store, clock, faults, profile, vault, reset };
}
