import { describe, expect, it } from "vitest";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { eventually } from "../support/redis.js";
import { standaloneWorld } from "./standalone-world.js";

describe("crash: a flaky API and a sealed Vault, with a kill in the middle", () => {
  const openStandaloneWorld = closedAfterEach(standaloneWorld);

  it("retries through 503s, 429s and slow answers, survives the kill, and converges once Vault unseals", async () => {
    const names = ["billing", "crm", "reports", "search"];
    const world = await openStandaloneWorld(names);
    await world.scan();
    const { mock, queues } = world;
    mock.faults.add({ path: "/api/api-keys", method: "POST", status: 429, retryAfterSeconds: 1, times: 2 });
    mock.faults.add({ path: "/api/api-keys/:id/generate", method: "POST", status: 503, probability: 0.3 });
    mock.faults.add({ path: "/api/api-keys/:id", method: "GET", latencyMs: { min: 0, max: 300 } });
    mock.vault?.state.seal();

    const doomed = await world.startWorker();
    // Rotations are failing against the sealed Vault and being retried.
    await eventually(
      async () =>
        (await queues.rotations.getJobs(["delayed", "wait", "active"])).some((job) => job.attemptsMade >= 1),
      Boolean,
      30_000,
    );
    await world.kill(doomed);
    mock.vault?.state.unseal();
    await world.startWorker();
    await world.waitForCompleted(names.length);

    expect(await queues.rotations.getFailedCount()).toBe(0);
    for (const name of names) {
      expect(convergenceViolations(await world.snapshot(name))).toEqual([]);
      expect((await world.appView(name)).works).toBe(true);
    }
  });
});
