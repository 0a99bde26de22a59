/**
 * The model test of rotation safety across actors: two or three rotations of the same key (the
 * scheduled job, a manual `rotate`, a duplicate of the scheduled job after a lost BullMQ lock) run
 * at once, every call of theirs two scheduling points (the request on its way, the answer on its way
 * back) that fast-check orders at random, with crashes, lost responses, transient errors, lost
 * checkpoints and stalls (the clock jumps past the lease). A request still on its way when its
 * deadline passes never lands; an answer can take any time to come back (a stalled process). After every single effect: apps reading Vault get a key the API accepts, and the
 * original key is never retired before a verified successor is in Vault. At the end, one clean run
 * (the next scan) converges.
 *
 * The second test runs the same model without claims (every rotation may act at any time, as before
 * the lease existed) and expects fast-check to find a violation: the model can fail, and the lease is
 * what makes it pass. Before the lease, this model failed at once, e.g. (seed 42): the manual
 * rotation adopted the successor (409) and generated while the scheduled one had just stored and
 * verified its secret, so Vault held a secret the API refused.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPortError, PermanentError } from "../../src/port-errors.js";
import type { KeyLease } from "../../src/ports.js";
import { ClaimLostError, KeyBusyError, keyClaim } from "../../src/rotation/claim.js";
import type { RotationOutcome } from "../../src/rotation/context.js";
import { convergenceViolations, safetyViolations } from "../../src/rotation/invariants.js";
import { rotateKey } from "../../src/rotation/rotate.js";
import { type Fault, SimulatedCrash } from "../support/faults.js";
import { BUSY_RETRY, createWorld, LEASE_TTL, type SimulatedJob } from "../support/world.js";

/** A request's deadline in the model (the SDK's default): shorter than the lease, as in production. */
const REQUEST_DEADLINE = 30_000;

type ActorKind = "manual" | "duplicate";

const faultArb: fc.Arbitrary<Fault> = fc.record({
  at: fc.nat(120),
  when: fc.constantFrom("before" as const, "after" as const),
  kind: fc.constantFrom("crash" as const, "transient" as const, "rate-limited" as const),
});

const scenarioArb = fc.record({
  others: fc.array(fc.constantFrom<ActorKind>("manual", "duplicate"), {
    minLength: 1,
    maxLength: 2,
  }),
  restricted: fc.boolean(),
  inVault: fc.boolean(),
  supportsRevoke: fc.boolean(),
  gracePeriod: fc.constantFrom(0, 3_600_000),
  faults: fc.array(faultArb, { maxLength: 6 }),
  stalls: fc.nat(4),
  lostCheckpoints: fc.uniqueArray(fc.nat(8), { maxLength: 3 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** A lease that never says no: every rotation acts whenever it likes (the rotator before claims). */
const noLease: KeyLease = {
  acquire: async () => true,
  renew: async () => true,
  release: async () => undefined,
};

async function runModel(s: fc.Scheduler, scenario: Scenario, options: { claims: boolean }) {
  const world = createWorld({
    keyService: { supportsRevoke: scenario.supportsRevoke },
    settings: { gracePeriod: scenario.gracePeriod },
  });
  const { record, job } = world.seedDueKey("app", {
    allowedIp: scenario.restricted ? ["10.9.0.0/16"] : [],
    inVault: scenario.inVault,
  });
  job.lostCheckpoints = new Set(scenario.lostCheckpoints);
  const lease = options.claims ? world.lease : noLease;

  const violations: string[] = [];
  world.faults.onEffect = () => violations.push(...safetyViolations(world.snapshot("app", record.id)));
  world.faults.setFaults(scenario.faults);
  world.faults.gate = async (op) => {
    const issued = world.clock.now();
    await s.schedule(Promise.resolve(op), op);
    const late = !op.startsWith("lease.") && world.clock.now() - issued > REQUEST_DEADLINE;
    return late ? "timed-out" : "go";
  };
  world.faults.replyGate = async (op) => {
    await s.schedule(Promise.resolve(`${op} reply`), `${op} reply`);
  };

  /** One actor: runs its job like a worker would, a new lease holder per run. */
  async function actor(label: string, actorJob: SimulatedJob, force: boolean) {
    for (let run = 0; run < 40; run++) {
      const claim = keyClaim(lease, actorJob.data.name, `${label}#${run}`, {
        ttlMs: LEASE_TTL,
        now: world.clock.now,
      });
      try {
        const outcome: RotationOutcome = await rotateKey(
          world.context(actorJob, { claim, force }),
          actorJob.data,
        );
        await claim.release();
        if (outcome.kind !== "waiting") return outcome;
        world.clock.advance(Math.max(0, outcome.until - world.clock.now()));
      } catch (error) {
        if (error instanceof SimulatedCrash) continue;
        await claim.release().catch(() => undefined);
        if (error instanceof KeyBusyError || error instanceof ClaimLostError) world.clock.advance(BUSY_RETRY);
        else if (error instanceof PermanentError) return error;
        else if (!isPortError(error)) throw error;
      }
    }
    return "gave up";
  }

  async function staller() {
    for (let stall = 0; stall < scenario.stalls; stall++) {
      await s.schedule(Promise.resolve("stall"), "stall");
      world.clock.advance(LEASE_TTL + 1);
    }
  }

  const manualJob = world.newJob(record);
  const actors = [
    actor("scheduled", job, false),
    // Labels are unique: two actors sharing a holder id would share one claim.
    ...scenario.others.map((kind, index) =>
      kind === "manual" ? actor(`manual-${index}`, manualJob, true) : actor(`${kind}-${index}`, job, false),
    ),
    staller(),
  ];
  const results = await s.waitFor(Promise.all(actors));

  // The next scan: no faults, no rivals, every crashed holder's lease lapsed.
  world.faults.gate = undefined;
  world.faults.replyGate = undefined;
  world.faults.setFaults([]);
  world.clock.advance(LEASE_TTL + 1);
  const final = await world.drive(world.newJob(record));
  return { world, record, violations, results, final };
}

describe("two or three rotations of one key at once (model, property)", () => {
  it("never lose a secret or retire early, at any interleaving, and converge", async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), scenarioArb, async (s, scenario) => {
        const { world, record, violations, results, final } = await runModel(s, scenario, { claims: true });
        expect(violations).toEqual([]);
        for (const result of results) expect(result).not.toBeInstanceOf(PermanentError);
        expect(final).not.toBeInstanceOf(PermanentError);
        expect(convergenceViolations(world.snapshot("app", record.id))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it("finds a violation when rotations do not claim the key (the model can fail)", async () => {
    const result = await fc.check(
      fc.asyncProperty(fc.scheduler(), scenarioArb, async (s, scenario) => {
        const { violations } = await runModel(s, scenario, { claims: false });
        expect(violations).toEqual([]);
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(result.failed).toBe(true);
  });
});
