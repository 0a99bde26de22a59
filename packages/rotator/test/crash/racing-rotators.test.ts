import { describe, expect, it } from "vitest";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { standaloneWorld } from "./standalone-world.js";

describe("crash: rotators racing on one Redis", () => {
  const openStandaloneWorld = closedAfterEach(standaloneWorld);

  it("two processes, one SIGKILLed midway and replaced, rotate every key exactly once", async () => {
    const names = Array.from({ length: 12 }, (_, index) => `svc-${String(index).padStart(2, "0")}`);
    const world = await openStandaloneWorld(names);
    // Slow the API a little so the kill lands while rotations are in flight.
    world.mock.faults.add({ path: "*", latencyMs: { min: 5, max: 40 } });
    await Promise.all([world.scan(), world.scan()]);
    const [first] = await Promise.all([world.startWorker(), world.startWorker()]);
    await world.waitForArrival(/^POST \/v1\/secret\/data\/keywarden\//);
    await world.kill(first as NonNullable<typeof first>);
    await world.startWorker();
    await world.waitForCompleted(names.length);

    for (const name of names) {
      expect(convergenceViolations(await world.snapshot(name))).toEqual([]);
      const app = await world.appView(name);
      expect(app.works).toBe(true);
      // One rotation = one new Vault version: nothing was rotated twice.
      expect(app.secret.metadata.version).toBe(2);
    }
  });
});
