/**
 * One rotation per logical key at a time. Before a rotation reads anything it claims the key's
 * lease; before every mutation (create, generate, store, revoke, rename, delete) it renews the lease
 * and stops if it lost it. So a second rotation of the same key (the schedule's and a manual one, a
 * retry, a duplicate after a lost BullMQ lock, another process) cannot act in between, and a holder
 * that stalled past its lease finds out before its next mutation, not after it.
 *
 * What this relies on: a mutation that passed its check reaches the service within the rest of the
 * lease. The lease therefore outlives the longest request deadline by a wide margin, and a renewal
 * that itself took too long counts as lost (the process may have stalled inside it).
 */
import type { KeyLease, KeyService, SecretStore } from "../ports.js";
import type { RotationContext } from "./context.js";

/** Another rotation of the same logical key holds it; try again later (not a failed attempt). */
export class KeyBusyError extends Error {
  constructor(readonly logicalName: string) {
    super(`Another rotation of "${logicalName}" is running; this one waits for it`);
    this.name = "KeyBusyError";
  }
}

/** This rotation lost its claim (it stalled past its lease); it stops before mutating anything more. */
export class ClaimLostError extends Error {
  constructor(readonly logicalName: string) {
    super(
      `Lost the claim on "${logicalName}" (this process stalled past its lease); stopping before the next change`,
    );
    this.name = "ClaimLostError";
  }
}

/** Default lease: far longer than any single request's deadline (the SDK's is 30 s). */
export const DEFAULT_LEASE_TTL_MS = 90_000;

/** The part of a lease a renewal may use up before the claim is treated as lost. */
const RENEWAL_BUDGET = 1 / 3;

/** A claim on one logical key by one rotation run. */
export interface KeyClaim {
  /** Takes the claim, or keeps it when this run already holds it. @throws KeyBusyError when another run does. */
  acquire(): Promise<void>;
  /** Renews the claim before a mutation. @throws ClaimLostError when it was lost. */
  confirm(): Promise<void>;
  /** Gives the claim up (a no-op when it was lost). */
  release(): Promise<void>;
}

/**
 * The claim of run `holder` on logical key `name`. `now` is a monotonic-enough clock in ms (the
 * rotation's clock), used only to notice a renewal that took too long.
 */
export function keyClaim(
  lease: KeyLease,
  name: string,
  holder: string,
  options: {
    ttlMs: number;
    now: () => number;
    /**
     * Also renew in the background this often while held (a run reading a long key list between
     * two changes would otherwise lose its claim); renewals before changes happen regardless.
     */
    keepAliveMs?: number;
  },
): KeyClaim {
  const { ttlMs, now } = options;
  let lost = false;
  let timer: NodeJS.Timeout | undefined;
  const keepAlive = () => {
    if (timer || !options.keepAliveMs) return;
    timer = setInterval(() => {
      lease.renew(name, holder, ttlMs).then(
        (renewed) => {
          if (!renewed) lost = true;
        },
        () => undefined, // Redis away: the next change's own renewal decides
      );
    }, options.keepAliveMs);
    timer.unref();
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  return {
    async acquire() {
      if (!(await lease.acquire(name, holder, ttlMs))) throw new KeyBusyError(name);
      keepAlive();
    },
    async confirm() {
      const started = now();
      const renewed = !lost && (await lease.renew(name, holder, ttlMs));
      if (!renewed || now() - started > ttlMs * RENEWAL_BUDGET) {
        lost = true;
        stop();
        throw new ClaimLostError(name);
      }
    },
    async release() {
      stop();
      await lease.release(name, holder);
    },
  };
}

/**
 * Takes (or keeps) the run's claim and returns the context the rotation acts through: its ports
 * fenced by that claim. Whoever runs the rotation releases the claim when the run ends.
 */
export async function claimedContext(ctx: RotationContext): Promise<RotationContext> {
  await ctx.claim.acquire();
  return { ...ctx, ...fencePorts(ctx, () => ctx.claim.confirm()) };
}

/**
 * The ports with every mutation behind `confirm`: a rotation given these cannot change the key
 * service or Vault without holding its claim at that moment. Reads pass straight through.
 */
export function fencePorts(
  ports: { keys: KeyService; secrets: SecretStore },
  confirm: () => Promise<void>,
): { keys: KeyService; secrets: SecretStore } {
  const { keys, secrets } = ports;
  const fenced =
    <A extends unknown[], R>(action: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await confirm();
      return action(...args);
    };
  return {
    keys: {
      listKeys: () => keys.listKeys(),
      getKey: (id) => keys.getKey(id),
      findKeyByName: (name) => keys.findKeyByName(name),
      authenticate: (secret, keyId) => keys.authenticate(secret, keyId),
      createKey: fenced((settings) => keys.createKey(settings)),
      generateSecret: fenced((id) => keys.generateSecret(id)),
      updateKey: fenced((id, settings) => keys.updateKey(id, settings)),
      retireKey: fenced((key, retiredName) => keys.retireKey(key, retiredName)),
      deleteKey: fenced((id) => keys.deleteKey(id)),
    },
    secrets: {
      read: (path) => secrets.read(path),
      checkWriteAccess: (path) => secrets.checkWriteAccess(path),
      write: fenced((path, data, cas) => secrets.write(path, data, cas)),
      writeMetadata: fenced((path, metadata) => secrets.writeMetadata(path, metadata)),
    },
  };
}
