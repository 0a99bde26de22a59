import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convergenceViolations, safetyViolations } from "../../src/rotation/invariants.js";
import { rotateKey } from "../../src/rotation/rotate.js";
import type { Fault } from "../support/faults.js";
import { createWorld } from "../support/world.js";

const faultArb: fc.Arbitrary<Fault> = fc.record({
  at: fc.nat(90),
  when: fc.constantFrom("before" as const, "after" as const),
  kind: fc.constantFrom("crash" as const, "transient" as const, "rate-limited" as const),
});

const scenarioArb = fc.record({
  keys: fc.array(fc.record({ restricted: fc.boolean(), inVault: fc.boolean() }), {
    minLength: 1,
    maxLength: 3,
  }),
  supportsRevoke: fc.boolean(),
  updatesRevokedKeys: fc.boolean(),
  gracePeriod: fc.constantFrom(0, 3_600_000),
  faults: fc.array(faultArb, { maxLength: 12 }),
  lostCheckpoints: fc.uniqueArray(fc.nat(12), { maxLength: 4 }),
});

describe("rotation under crashes, lost responses and retries (property)", () => {
  it("never loses a secret or revokes early, and always converges to one live key in Vault", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const world = createWorld({
          keyService: {
            supportsRevoke: scenario.supportsRevoke,
            updatesRevokedKeys: scenario.updatesRevokedKeys,
          },
          settings: { gracePeriod: scenario.gracePeriod },
        });
        const seeded = scenario.keys.map((spec, index) =>
          world.seedDueKey(`app-${index}`, {
            allowedIp: spec.restricted ? ["10.9.0.0/16"] : [],
            inVault: spec.inVault,
          }),
        );
        for (const { job } of seeded) job.lostCheckpoints = new Set(scenario.lostCheckpoints);

        const violations: string[] = [];
        world.faults.onEffect = () => {
          for (const { record } of seeded)
            violations.push(...safetyViolations(world.snapshot(record.name, record.id)));
        };
        world.faults.setFaults(scenario.faults);

        for (const { job } of seeded) {
          expect(await world.drive(job)).toMatchObject({ kind: "rotated" });
        }
        expect(violations).toEqual([]);

        // Running again, without faults, changes nothing: the rotations are finished.
        world.faults.setFaults([]);
        for (const { job } of seeded) {
          const versionBefore = world.secrets.current(world.pathOf(job.data.name))?.version;
          const outcome = await rotateKey(world.context(job), job.data);
          expect(["rotated", "nothing-to-do"]).toContain(outcome.kind);
          expect(world.secrets.current(world.pathOf(job.data.name))?.version).toBe(versionBefore);
        }

        for (const { record, secret } of seeded) {
          expect(convergenceViolations(world.snapshot(record.name, record.id))).toEqual([]);
          const vault = world.secrets.current(world.pathOf(record.name));
          // The previous secret stays in Vault's history (when there was one to keep).
          if (vault?.history[0]?.key_id === record.id) expect(vault.history[0].api_key).toBe(secret);
          expect(world.keys.ownerOf(secret)).toBeUndefined();
        }
      }),
      { numRuns: 400 },
    );
  });
});
