/**
 * Each change a rotation makes is fenced on its own, in a fixed order a model run may never hit:
 * run A stalls right after the call that precedes one change, its claim lapses, run B takes the key
 * and finishes the rotation, then A wakes up. A must stop at that change (ClaimLostError) without
 * making it, and apps reading Vault must have had a working key all along. Removing the fence of
 * any one of these changes fails its case.
 */
import { describe, expect, it } from "vitest";
import type { KeyService, SecretStore } from "../../src/ports.js";
import { ClaimLostError, keyClaim } from "../../src/rotation/claim.js";
import { convergenceViolations, safetyViolations } from "../../src/rotation/invariants.js";
import { rotateKey } from "../../src/rotation/rotate.js";
import { createWorld, LEASE_TTL } from "../support/world.js";

type Op = keyof KeyService | keyof SecretStore;

/** The ports as run A sees them: every call recorded, and a stall after the first call of `after`. */
function stallingPorts(world: ReturnType<typeof createWorld>, after: Op) {
  const calls: Op[] = [];
  let wake: () => void = () => undefined;
  let stalled: () => void = () => undefined;
  const reachedStall = new Promise<void>((resolve) => {
    stalled = resolve;
  });
  let done = false;
  const wrap = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== "function" || name === "listKeys") return value;
        return async (...args: unknown[]) => {
          calls.push(name as Op);
          const result = await value.apply(target, args);
          if (name === after && !done) {
            done = true;
            stalled();
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
          }
          return result;
        };
      },
    });
  return { keys: wrap(world.keys), secrets: wrap(world.secrets), calls, reachedStall, wake: () => wake() };
}

/** Each change, and the call right before it in a rotation. */
const CASES: { change: Op; after: Op; grace?: boolean }[] = [
  { change: "createKey", after: "checkWriteAccess" },
  { change: "generateSecret", after: "read" },
  { change: "write", after: "generateSecret" },
  { change: "writeMetadata", after: "write" },
  { change: "retireKey", after: "authenticate", grace: true },
  { change: "updateKey", after: "retireKey" },
];

describe("every change is fenced on its own (fixed interleavings)", () => {
  it.each(CASES)(
    "A stalls after $after, B finishes: A never makes its $change",
    async ({ change, after, grace }) => {
      const world = createWorld({ settings: { gracePeriod: grace ? 60_000 : 0 } });
      const { record, job } = world.seedDueKey("billing");
      const violations: string[] = [];
      world.faults.onEffect = () =>
        violations.push(...safetyViolations(world.snapshot("billing", record.id)));
      const claimA = keyClaim(world.lease, "billing", "A", { ttlMs: LEASE_TTL, now: world.clock.now });

      if (grace) {
        // A first gets as far as the grace period: its next run goes from verification straight to
        // revoke, with no checkpoint (already recorded) between them.
        expect(await rotateKey(world.context(job, { claim: claimA }), job.data)).toMatchObject({
          kind: "waiting",
        });
        await claimA.release();
        world.clock.advance(60_000);
        // As if an earlier run had also recorded the revoke step: nothing but the fence stands
        // between the verification and the retirement.
        job.data = { ...job.data, step: "revoke" };
      }
      const ports = stallingPorts(world, after);
      const runA = rotateKey(world.context(job, { ...ports, claim: claimA }), job.data);
      await ports.reachedStall;
      const before = ports.calls.filter((op) => op === change).length;

      // A stalls past its lease; B takes the key and finishes the rotation.
      world.clock.advance(LEASE_TTL + 1);
      const jobB = world.newJob(record);
      expect(await world.drive(jobB)).toMatchObject({ kind: "rotated" });

      ports.wake();
      await expect(runA).rejects.toBeInstanceOf(ClaimLostError);
      expect(ports.calls.filter((op) => op === change).length).toBe(before);
      expect(violations).toEqual([]);
      expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
    },
  );
});
