import { describe, expect, it } from "vitest";
import { PermanentError } from "../../src/port-errors.js";
import { abandonRotation } from "../../src/rotation/abandon.js";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { findFamilies, targetOf } from "../../src/rotation/locate.js";
import { createWorld } from "../support/world.js";

describe("what an operator is told after a rotation stops", () => {
  it("states the observed state of the old key, the successor and Vault, checking the secret with the API", async () => {
    const world = createWorld({ keyService: { forbidden: new Set(["retire"]) } });
    const { job } = world.seedDueKey("billing");
    expect(await world.drive(job)).toBeInstanceOf(PermanentError);
    const said = await abandonRotation(world.context(job), job.data);
    expect(said).toBe(
      'successor 2 kept: Vault already holds its secret (both keys are live). Observed now: old key 1 "billing~retired-1" active; successor 2 "billing~next" active; Vault keywarden/billing version 2: key 2\'s secret, accepted by the API',
    );
  });

  it("says so when the secret Vault holds is refused, instead of calling the key working", async () => {
    const world = createWorld({ keyService: { keyLimit: 1 } });
    const { record, job } = world.seedDueKey("billing");
    expect(await world.drive(job)).toBeInstanceOf(PermanentError);
    await world.keys.generateSecret(record.id); // someone regenerated it by hand: Vault's copy is dead
    expect(await abandonRotation(world.context(job), job.data)).toMatch(
      /old key 1 "billing" active; no successor; Vault keywarden\/billing version 1: key 1's secret, REFUSED by the API$/,
    );
  });
});

describe("the README's recovery step: fix the cause, then rotate <name>", () => {
  it("finishes a rotation whose revoke was refused, found again by its logical name", async () => {
    const forbidden = new Set<"retire">(["retire"]);
    const world = createWorld({ keyService: { forbidden } });
    const { record, job } = world.seedDueKey("billing");
    expect(await world.drive(job)).toBeInstanceOf(PermanentError);
    // The old key was renamed out of the way but is still active; Vault holds the successor.
    expect((await findFamilies(world.keys, new Set(["billing"]))).get("billing")).toMatchObject({
      retired: [expect.objectContaining({ id: record.id, status: "active" })],
      successor: expect.objectContaining({ name: "billing~next" }),
    });

    forbidden.clear(); // the permission was fixed
    const family = (await findFamilies(world.keys, new Set(["billing"]))).get("billing");
    const target = family && targetOf(family);
    expect(target).toEqual({
      keyId: record.id,
      name: "billing",
      expiresAt: record.expiresAt,
      successorId: expect.any(String),
      publicKeyId: record.publicKeyId,
    });
    const again = world.newJob({ id: record.id, name: "billing", expiresAt: record.expiresAt });
    expect(await world.drive(again, 50, { force: true })).toMatchObject({ kind: "rotated" });
    expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
  });
});
