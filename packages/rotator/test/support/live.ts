import { createKeyServiceMock, type KeySeed, type KeyServiceMockOptions } from "@keywarden/mock-server";
import { createKeywardenClient } from "@keywarden/sdk";
import { createVaultClient } from "@keywarden/vault";
import { setupServer } from "msw/node";
import pino from "pino";
import { allowedIpCheck } from "../../src/adapters/address-check.js";
import { createKeyServiceAdapter } from "../../src/adapters/key-service.js";
import { createVaultStore } from "../../src/adapters/vault-store.js";
import { startRotator } from "../../src/runtime.js";
import type { RotatorServices } from "../../src/wiring.js";
import { appViewOverHttp, snapshotOverHttp } from "./http-snapshot.js";
import { isolatedRedis } from "./redis.js";

export const API = "http://utm.test";
export const VAULT = "http://vault.test";
export const DAY = 86_400_000;

/** Writes only the paths the rotator needs (the least-privilege policy of docs/vault.md). */
export const ROTATOR_POLICY = `
path "secret/data/keywarden/*" { capabilities = ["create", "read", "update"] }
path "secret/metadata/keywarden/*" { capabilities = ["create", "read", "update"] }
`;

export interface LiveKey {
  name: string;
  secret: string;
  expiresInDays: number;
  allowedIp?: string[];
  description?: string;
  /** Its authorization group (default none: the owner's permissions). */
  authorizationGroup?: string;
  /** Store the secret in Vault as version 1 before the rotation (default true). */
  inVault?: boolean;
  owner?: string;
}

/**
 * The in-process mock (key service + Vault emulation, MSW) with seeded keys, the SDK and Vault
 * clients over it, and a rotator on real Redis under a unique prefix.
 */
export async function liveSetup(options: {
  keys: LiveKey[];
  mock?: KeyServiceMockOptions;
  login?: { username: string; password: string };
  vaultPolicy?: string;
  gracePeriod?: number;
  attempts?: number;
  /** Options of the key-service adapter (e.g. UTMStack v11: `revoke: "never"`, `verifyHeader: "utm-api-key"`). */
  adapter?: import("../../src/adapters/key-service.js").KeyServiceAdapterOptions;
  /** Per-attempt timeout of the SDK (default 30 s). */
  sdkTimeoutMs?: number;
  /** Where the rotator logs (default: nowhere). */
  logger?: import("pino").Logger;
  /** Signed webhooks (the HTTP stack's fetch, not MSW's, reaches a real receiver). */
  webhooks?: import("../../src/webhooks/runtime.js").WebhookServices;
  /** Per-key policy rules (default none). */
  rules?: import("../../src/rotation/policy.js").PolicyRule[];
  /** BullMQ's telemetry (tracing tests). */
  telemetry?: import("bullmq").Telemetry;
}) {
  const now = Date.now();
  const seeds: KeySeed[] = options.keys.map((key) => ({
    owner: key.owner ?? "admin",
    name: key.name,
    secret: key.secret,
    description: key.description ?? `the ${key.name} integration`,
    allowedIp: key.allowedIp ?? [],
    expiresAt: new Date(now + key.expiresInDays * DAY).toISOString(),
    ...(key.authorizationGroup === undefined ? {} : { authorizationGroup: key.authorizationGroup }),
  }));
  const mock = createKeyServiceMock({
    ...options.mock,
    seed: { ...(options.mock?.seed as object), keys: seeds, alertCount: 0 },
  });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: "error" });

  const vaultState = () => {
    if (!mock.vault) throw new Error("the mock was started without Vault");
    return mock.vault.state;
  };
  vaultState().addPolicy("rotator", options.vaultPolicy ?? ROTATOR_POLICY);
  const rotatorToken = vaultState().createToken({ policies: ["rotator"], ttl: 0 }).id;

  const login = { ...(options.login ?? { username: "admin", password: "admin" }), bypassTfa: true };
  const sdk = createKeywardenClient({
    baseUrl: API,
    auth: login,
    retry: false,
    timeoutMs: options.sdkTimeoutMs ?? 30_000,
  });
  // MSW intercepts the global fetch; the client's own HTTP stack would go to the network.
  const viaMsw = (request: Request) => globalThis.fetch(request);
  const rootVault = createVaultClient({ address: VAULT, token: "root", fetch: viaMsw });
  const rotatorVault = createVaultClient({
    address: VAULT,
    token: rotatorToken,
    retry: { maxAttempts: 1 },
    fetch: viaMsw,
  });
  const pathOf = (name: string) => `keywarden/${name}`;

  // The apps' current secrets, as ops stored them before the rotator took over.
  const ids = new Map<string, string>();
  for await (const key of sdk.apiKeys.list()) ids.set(key.name, String(key.id));
  for (const key of options.keys) {
    if (key.inVault === false) continue;
    await rootVault.kv.write(pathOf(key.name), {
      api_key: key.secret,
      key_id: ids.get(key.name),
      name: key.name,
    });
  }

  const services: RotatorServices = {
    keys: createKeyServiceAdapter(sdk, {
      probeClient: (secret) =>
        createKeywardenClient({
          baseUrl: API,
          auth: { apiKey: secret, header: options.adapter?.verifyHeader ?? "authorization" },
          retry: false,
        }),
      ...options.adapter,
    }),
    secrets: createVaultStore(rotatorVault),
    settings: {
      rotateWithin: 7 * DAY,
      gracePeriod: options.gracePeriod ?? 0,
      pathTemplate: "keywarden/{name}",
      rules: options.rules ?? [],
    },
    canAuthenticateFrom: allowedIpCheck("127.0.0.1"),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  };
  const redis = isolatedRedis();
  const logger = options.logger ?? pino({ level: "silent" });
  const runtime = await startRotator({
    services,
    connection: redis.connection,
    prefix: redis.prefix,
    logger,
    concurrency: 4,
    jobPolicy: { attempts: options.attempts ?? 5, backoffMs: 20 },
    telemetry: options.telemetry,
  });

  const appView = (name: string) => appViewOverHttp(sdk, rootVault, name);
  const snapshot = (name: string, originalId: string) => snapshotOverHttp(sdk, rootVault, name, originalId);

  return {
    mock,
    /** The MSW server: `server.use(...)` puts a handler in front of the mock's (a proxy, a fault). */
    server,
    /** The rotator's Redis connection and its key prefix. */
    redis,
    sdk,
    rootVault,
    runtime,
    ids,
    rotatorToken,
    appView,
    snapshot,
    pathOf,
    async close() {
      await runtime.stop(2_000);
      await runtime.queues.rotations.obliterate({ force: true }).catch(() => undefined);
      await redis.cleanup();
      server.close();
    },
  };
}
