/**
 * Needs-attention that heals without a hand, with the real CLI: Vault refuses writes (503) until the
 * rotation gives up; `status --json` lists it; once Vault is back, a later `scan` (past
 * KEYWARDEN_RETRY_FAILED_AFTER) tries it again and the key ends rotated.
 */
import { describe, expect, it } from "vitest";
import { closedAfterEach } from "../support/closed-after-each.js";
import { cliWorld, expectOneWorkingKey, logLine } from "./cli-world.js";

describe("safety: needs-attention after a Vault outage heals at a later scan", () => {
  const openWorld = closedAfterEach(cliWorld);

  it("gives up while Vault answers 503 to writes, then a scan after the cool-down finishes it", async () => {
    const world = await openWorld(["billing"]);
    const policy = {
      KEYWARDEN_ATTEMPTS: "2",
      KEYWARDEN_BACKOFF: "100ms",
      KEYWARDEN_RETRY_FAILED_AFTER: "1s",
    };
    const outage = world.mock.faults.add({
      path: "/v1/secret/data/keywarden/billing",
      method: "POST",
      status: 503,
      times: 1_000,
    });

    const worker = world.start(["worker"], policy);
    const firstScan = await world.run(["scan", "--json"], policy);
    expect(firstScan.code, firstScan.stdout).toBe(0);
    const gaveUp = await worker.waitForLine(
      logLine({ event: "rotation.needs-attention" }),
      "the rotation to give up",
    );
    const givenUpAt = Date.now();
    expect(JSON.parse(gaveUp)).toMatchObject({
      name: "billing",
      reason: expect.stringMatching(/^gave up after 2 attempts: .*503/),
      cleanup: expect.stringMatching(
        /^successor \d+ deleted: Vault's current version at keywarden\/\w+ does not hold its secret/,
      ),
    });
    expect(world.count("POST", "/v1/secret/data/keywarden/billing", 503)).toBe(2);

    // Vault is back. A scan before the cool-down ends leaves the rotation alone (run alongside status).
    world.mock.faults.remove(outage);
    const [failed, early] = await Promise.all([
      world.run(["status", "--json"], policy),
      world.run(["scan", "--json"], { ...policy, KEYWARDEN_RETRY_FAILED_AFTER: "1h" }),
    ]);
    expect(failed.code, failed.stdout).toBe(0);
    const before = JSON.parse(failed.stdout);
    expect(before.counts).toMatchObject({ failed: 1, completed: 0, active: 0, waiting: 0, delayed: 0 });
    expect(before.needsAttention).toEqual([
      expect.objectContaining({
        keyId: world.originalIds.get("billing"),
        name: "billing",
        reason: expect.stringMatching(/^gave up after 2 attempts: /),
        cleanup: expect.stringContaining("deleted"),
      }),
    ]);
    // Nothing is left half done meanwhile: the old key is still the one apps read, and it works.
    await expectOneWorkingKey(world, "billing", { rotated: false });

    expect(JSON.parse(early.lines.at(-1) ?? "{}")).toMatchObject({ due: 1, retried: 0 });
    // A scan after the cool-down tries it again, as the same job.
    const wait = givenUpAt + 1_100 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const healing = await world.run(["scan", "--json"], policy);
    expect(healing.code, healing.stdout).toBe(0);
    expect(JSON.parse(healing.lines.at(-1) ?? "{}")).toMatchObject({ due: 1, retried: 1 });
    const finished = await worker.waitForLine(
      logLine({ event: "rotation.finished", kind: "rotated" }),
      "the retried rotation to finish",
    );
    expect(JSON.parse(finished).jobId).toBe(JSON.parse(gaveUp).jobId);

    await expectOneWorkingKey(world, "billing", { rotated: true });
    expect((await world.appView("billing")).version).toBe(2);
    const after = JSON.parse((await world.run(["status", "--json"], policy)).stdout);
    expect(after.needsAttention).toEqual([]);
    expect(after.counts).toMatchObject({ failed: 0, completed: 1 });
    expect(await worker.stop()).toBe(0);
  }, 45_000);
});
