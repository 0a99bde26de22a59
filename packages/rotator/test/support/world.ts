import { isPortError, PermanentError } from "../../src/port-errors.js";
import { ClaimLostError, KeyBusyError, type KeyClaim, keyClaim } from "../../src/rotation/claim.js";
import type {
  RotationContext,
  RotationOutcome,
  RotationTarget,
  StepEvent,
} from "../../src/rotation/context.js";
import { belongsTo, type LogicalKeySnapshot } from "../../src/rotation/invariants.js";
import { vaultPathFor } from "../../src/rotation/naming.js";
import type { PolicySettings } from "../../src/rotation/policy.js";
import { rotateKey } from "../../src/rotation/rotate.js";
import { FakeKeyService, type FakeKeyServiceOptions } from "./fake-key-service.js";
import { FakeSecretStore } from "./fake-secret-store.js";
import { FaultScript, SimulatedCrash } from "./faults.js";
import { MemoryLease } from "./memory-lease.js";

export const DAY = 86_400_000;
export const START = Date.parse("2026-03-01T00:00:00Z");
/** The lease of a claim in the simulated world. */
export const LEASE_TTL = 90_000;
/** How long a rotation that found its key busy waits before it tries again. */
export const BUSY_RETRY = 5_000;

export interface WorldOptions {
  keyService?: Omit<FakeKeyServiceOptions, "now" | "faults">;
  forbiddenVaultPrefixes?: readonly string[];
  settings?: Partial<PolicySettings>;
  /** Follow real time (for tests where BullMQ delays jobs by the wall clock). */
  realClock?: boolean;
  /** allowedIp lists the rotator cannot authenticate from (default: any non-empty list). */
  canAuthenticateFrom?: (allowedIp: readonly string[]) => boolean;
}

/** A job as BullMQ would hold it: data updated by checkpoints (some of which may be lost). */
export interface SimulatedJob {
  data: RotationTarget;
  /** Checkpoint numbers (0-based) that are silently lost, as if the process died before Redis saw them. */
  lostCheckpoints?: ReadonlySet<number>;
  checkpoints: number;
  /** Who runs it (the lease holder); by default one holder per job, kept across runs. */
  holder: string;
}

/** The fakes of both ports, one clock, one fault script: a small world to rotate keys in. */
export function createWorld(options: WorldOptions = {}) {
  let now = START;
  let offset = 0;
  const clock = {
    now: () => (options.realClock ? Date.now() + offset : now),
    advance: (ms: number) => {
      now += ms;
      offset += ms;
    },
  };
  const faults = new FaultScript();
  const keys = new FakeKeyService({ ...options.keyService, now: clock.now, faults });
  const secrets = new FakeSecretStore({ faults, forbiddenPrefixes: options.forbiddenVaultPrefixes ?? [] });
  const lease = new MemoryLease(clock.now, faults);
  let jobs = 0;
  const settings: PolicySettings = {
    rotateWithin: 7 * DAY,
    gracePeriod: 0,
    pathTemplate: "keywarden/{name}",
    rules: [],
    ...options.settings,
  };
  const events: StepEvent[] = [];

  /** The claim of one run on a logical key (the worker builds the same from Redis). */
  function claimOf(job: SimulatedJob): KeyClaim {
    return keyClaim(lease, job.data.name, job.holder, { ttlMs: LEASE_TTL, now: clock.now });
  }

  function context(job: SimulatedJob, extra: Partial<RotationContext> = {}): RotationContext {
    const claim = extra.claim ?? claimOf(job);
    return {
      keys,
      secrets,
      settings,
      claim,
      now: clock.now,
      canAuthenticateFrom: options.canAuthenticateFrom ?? ((allowedIp) => allowedIp.length === 0),
      // As the worker does: a run that lost its claim writes no progress.
      checkpoint: async (progress) => {
        await claim.confirm();
        const index = job.checkpoints++;
        if (job.lostCheckpoints?.has(index)) return;
        job.data = { ...job.data, ...progress };
      },
      onStep: (event) => events.push(event),
      ...extra,
    };
  }

  function pathOf(name: string): string {
    return vaultPathFor(settings.pathTemplate, name);
  }

  /** Snapshot of one logical key for the invariants. */
  function snapshot(name: string, originalId: string): LogicalKeySnapshot {
    const views = [...keys.keys.values()]
      .map((stored) => stored.record)
      .filter((record) => belongsTo(record, name, originalId))
      .map((record) => ({ id: record.id, name: record.name, live: record.status === "active" }));
    const current = secrets.current(pathOf(name));
    return {
      name,
      originalId,
      keys: views,
      vault: current && {
        keyId: current.data.key_id,
        secretAccepted: keys.ownerOf(current.data.api_key) !== undefined,
        version: current.version,
      },
    };
  }

  /** Seeds a key due for rotation (and, by default, its current secret in Vault as version 1). */
  function seedDueKey(
    name: string,
    opts: { allowedIp?: string[]; inVault?: boolean; expiresIn?: number; authorizationGroup?: string } = {},
  ) {
    const { record, secret } = keys.seed({
      name,
      allowedIp: opts.allowedIp ?? [],
      authorizationGroup: opts.authorizationGroup ?? null,
      description: `the ${name} integration`,
      createdAt: clock.now() - 80 * DAY,
      expiresAt: clock.now() + (opts.expiresIn ?? 3 * DAY),
    });
    if (opts.inVault ?? true) {
      secrets.seed(pathOf(name), {
        api_key: secret,
        key_id: record.id,
        name,
        expires_at: null,
        rotated_at: null,
      });
    }
    return { record, secret, job: newJob(record) };
  }

  function newJob(record: { id: string; name: string; expiresAt: number | null }): SimulatedJob {
    return {
      data: { keyId: record.id, name: record.name, expiresAt: record.expiresAt },
      checkpoints: 0,
      holder: `job-${++jobs}`,
    };
  }

  /**
   * Runs the rotation like the worker would: a new holder per run, the claim released after every
   * run that did not crash (a crashed one expires), restart after crashes and transient errors, wait
   * while the key is busy, wait out grace periods, stop at a permanent error. Returns the final
   * outcome or the permanent error.
   */
  async function drive(
    job: SimulatedJob,
    maxRuns = 200,
    extra: Partial<RotationContext> = {},
  ): Promise<RotationOutcome | PermanentError> {
    for (let run = 0; run < maxRuns; run++) {
      job.holder = `${job.holder.split("#")[0]}#${run}`;
      const claim = claimOf(job);
      try {
        const outcome = await rotateKey(context(job, extra), job.data);
        await claim.release();
        if (outcome.kind !== "waiting") return outcome;
        clock.advance(outcome.until - clock.now());
      } catch (error) {
        if (error instanceof SimulatedCrash) continue;
        await claim.release().catch(() => undefined);
        if (error instanceof KeyBusyError || error instanceof ClaimLostError) clock.advance(BUSY_RETRY);
        else if (error instanceof PermanentError) return error;
        else if (!isPortError(error)) throw error;
      }
    }
    throw new Error(`rotation of ${job.data.name} did not finish in ${maxRuns} runs`);
  }

  return {
    clock,
    faults,
    keys,
    secrets,
    lease,
    claimOf,
    settings,
    events,
    context,
    snapshot,
    seedDueKey,
    newJob,
    drive,
    pathOf,
  };
}

export type World = ReturnType<typeof createWorld>;
