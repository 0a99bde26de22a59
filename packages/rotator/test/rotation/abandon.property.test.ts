import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PermanentError } from "../../src/port-errors.js";
import { abandonRotation } from "../../src/rotation/abandon.js";
import { convergenceViolations, safetyViolations } from "../../src/rotation/invariants.js";
import { successorName } from "../../src/rotation/naming.js";
import { createWorld } from "../support/world.js";

describe("a rotation given up at any point (property)", () => {
  it("leaves the old key working (or the rotation finished), Vault working, and no unused successor", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          permanentAt: fc.nat(25),
          when: fc.constantFrom("before" as const, "after" as const),
          inVault: fc.boolean(),
          supportsRevoke: fc.boolean(),
        }),
        async ({ permanentAt, when, inVault, supportsRevoke }) => {
          const world = createWorld({ keyService: { supportsRevoke } });
          const { record, secret, job } = world.seedDueKey("billing", { inVault });
          const violations: string[] = [];
          world.faults.onEffect = () =>
            violations.push(...safetyViolations(world.snapshot("billing", record.id)));
          world.faults.setFaults([{ at: permanentAt, when, kind: "permanent" }]);

          const outcome = await world.drive(job);
          world.faults.setFaults([]);
          expect(violations).toEqual([]);
          if (!(outcome instanceof PermanentError)) {
            expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
            return;
          }
          await abandonRotation(world.context(job), job.data);
          const snapshot = world.snapshot("billing", record.id);
          expect(safetyViolations(snapshot)).toEqual([]);
          const successor = snapshot.keys.find((key) => key.name === successorName("billing"));
          if (world.keys.ownerOf(secret)) {
            // Old key still works: a successor may remain only if Vault already points at it.
            if (successor) expect(snapshot.vault?.keyId).toBe(successor.id);
          } else {
            // Old key already retired: the successor must be the one in Vault, working.
            expect(snapshot.vault?.secretAccepted).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
