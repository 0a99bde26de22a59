/**
 * Least privilege through rotations (#19), with the in-memory fakes: a successor keeps the old key's
 * authorization group (the fake's update is a full replace, so a rename or retire that forgot the
 * group would widen the key), a policy may move it to another group, a key a rotator runs with keeps
 * its group whatever the policy says, and the public id goes to Vault and to the step events.
 */
import { describe, expect, it } from "vitest";
import { PermanentError } from "../../src/port-errors.js";
import type { OwnKey } from "../../src/ports.js";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { publicIdOf } from "../support/fake-key-service.js";
import { createWorld, type World } from "../support/world.js";

/** The live key now holding `name`, as the key service has it. */
function liveKey(world: World, name: string) {
  return [...world.keys.keys.values()]
    .map((stored) => stored.record)
    .find((record) => record.name === name && record.status === "active");
}

describe("authorization groups through a rotation", () => {
  it("the successor keeps the old key's group, through create, rename and retire", async () => {
    const world = createWorld();
    const { record, job } = world.seedDueKey("billing", { authorizationGroup: "read-only" });
    expect(await world.drive(job)).toMatchObject({ kind: "rotated" });

    const successor = liveKey(world, "billing");
    expect(successor?.id).not.toBe(record.id);
    expect(successor?.authorizationGroup).toBe("read-only");
    const retired = world.keys.keys.get(record.id)?.record;
    expect(retired).toMatchObject({ status: "revoked", authorizationGroup: "read-only" });
    expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
  });

  it("a key without a group gets a successor without one (the owner's permissions, no more)", async () => {
    const world = createWorld();
    const { job } = world.seedDueKey("billing");
    await world.drive(job);
    expect(liveKey(world, "billing")?.authorizationGroup).toBeNull();
  });

  it("a policy's group is given to the successor; the old key keeps its own until it is revoked", async () => {
    const world = createWorld({
      settings: { rules: [{ match: "bill*", authorizationGroup: "search-only" }] },
    });
    const { record, job } = world.seedDueKey("billing");
    await world.drive(job);
    expect(liveKey(world, "billing")?.authorizationGroup).toBe("search-only");
    expect(world.keys.keys.get(record.id)?.record.authorizationGroup).toBeNull();
    const create = world.events.find((event) => event.step === "create" && event.outcome === "done");
    expect(create?.detail).toBe("authorization group search-only, was none (the owner's permissions)");
  });

  it("a key the rotator runs with keeps its group whatever the policy says (it would lock itself out)", async () => {
    const world = createWorld({ settings: { rules: [{ match: "*", authorizationGroup: "search-only" }] } });
    const { record, job } = world.seedDueKey("rotator", { authorizationGroup: "key-administration" });
    let current = record.id;
    const own: OwnKey = {
      kind: "managed",
      path: "keywarden/rotator",
      isOwn: async (keyId) => keyId === current,
      reload: async () => {
        current = String(world.secrets.current("keywarden/rotator")?.data.key_id);
        return current;
      },
      currentId: async () => current,
    };
    expect(await world.drive(job, 50, { ownKey: own })).toMatchObject({ kind: "rotated" });
    expect(liveKey(world, "rotator")?.authorizationGroup).toBe("key-administration");
    const create = world.events.find((event) => event.step === "create" && event.outcome === "done");
    expect(create?.detail).toMatch(/policy group search-only not applied: a rotator runs with this key$/);
  });

  it("a group the service refuses stops the rotation at create: nothing created, the old key untouched", async () => {
    const world = createWorld({ settings: { rules: [{ match: "*", authorizationGroup: "no-such-group" }] } });
    const { record, secret, job } = world.seedDueKey("billing");
    const refuse = world.keys.createKey.bind(world.keys);
    world.keys.createKey = async (settings) => {
      if (settings.authorizationGroup === "no-such-group")
        throw new PermanentError("authorizationGroup: no-such-group does not exist");
      return refuse(settings);
    };
    expect(await world.drive(job)).toBeInstanceOf(PermanentError);
    expect([...world.keys.keys.keys()]).toEqual([record.id]);
    expect(world.secrets.current("keywarden/billing")?.data.api_key).toBe(secret);
  });
});

describe("the public key id", () => {
  it("is written to Vault's data and custom_metadata beside the numeric key_id", async () => {
    const world = createWorld();
    const { job } = world.seedDueKey("billing");
    await world.drive(job);
    const successor = liveKey(world, "billing");
    const stored = await world.secrets.read("keywarden/billing");
    expect(stored?.data).toMatchObject({
      key_id: successor?.id,
      public_key_id: publicIdOf(String(successor?.id)),
    });
    expect(stored?.customMetadata).toMatchObject({
      "managed-by": "keywarden-rotator",
      "key-id": successor?.id,
      "public-key-id": successor?.publicKeyId,
    });
  });

  it("names the key in every step event after observe, and both keys in the outcome", async () => {
    const world = createWorld();
    const { record, job } = world.seedDueKey("billing");
    const outcome = await world.drive(job);
    const successor = liveKey(world, "billing");
    const [observe, ...rest] = world.events;
    expect(observe?.step).toBe("observe");
    expect(rest.length).toBeGreaterThan(0);
    for (const event of rest) expect(event.publicKeyId).toBe(record.publicKeyId);
    expect(outcome).toMatchObject({
      kind: "rotated",
      publicKeyId: record.publicKeyId,
      successorPublicKeyId: successor?.publicKeyId,
    });
    // Recorded in the job with the successor's id, for the job's later log lines (retries, needs-attention).
    expect(job.data).toMatchObject({ successorId: successor?.id, publicKeyId: record.publicKeyId });
  });

  it("is left out where the service has none (UTMStack v11): Vault holds what it held before", async () => {
    const world = createWorld();
    const { job } = world.seedDueKey("billing");
    const create = world.keys.createKey.bind(world.keys);
    world.keys.createKey = async (settings) => {
      const { publicKeyId: _none, ...record } = await create(settings);
      const stored = world.keys.keys.get(record.id);
      if (stored) stored.record = record;
      return record;
    };
    await world.drive(job);
    const stored = await world.secrets.read("keywarden/billing");
    expect(stored?.data).not.toHaveProperty("public_key_id");
    expect(stored?.customMetadata).not.toHaveProperty("public-key-id");
    expect(stored?.data).toHaveProperty("key_id");
  });
});
