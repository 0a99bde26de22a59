import { describe, expect, it } from "vitest";
import { PermanentError } from "../../src/port-errors.js";
import { abandonRotation } from "../../src/rotation/abandon.js";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import type { PolicyRule } from "../../src/rotation/policy.js";
import { rotateKey } from "../../src/rotation/rotate.js";
import { createWorld, DAY } from "../support/world.js";

describe("rotateKey", () => {
  it("replaces a due key: successor under the original name, its secret in Vault, old key revoked", async () => {
    const world = createWorld();
    const { record, secret, job } = world.seedDueKey("billing", { allowedIp: [] });
    const outcome = await rotateKey(world.context(job), job.data);

    expect(outcome).toMatchObject({
      kind: "rotated",
      vaultPath: "keywarden/billing",
      vaultVersion: 2,
      verifiedBy: "api",
    });
    expect(world.keys.keys.get(record.id)?.record.status).toBe("revoked");
    const successor = await world.keys.findKeyByName("billing");
    expect(successor).toMatchObject({
      status: "active",
      allowedIp: [],
      description: "the billing integration",
    });
    const vault = world.secrets.current("keywarden/billing");
    expect(vault?.data).toMatchObject({ key_id: successor?.id, name: "billing" });
    expect(vault?.history[0]?.api_key).toBe(secret);
    expect(await world.keys.authenticate(String(vault?.data.api_key))).toBe("accepted");
    expect(await world.keys.authenticate(secret)).toBe("refused");
    expect(world.secrets.entries.get("keywarden/billing")?.customMetadata).toMatchObject({
      "managed-by": "keywarden-rotator",
      "key-id": successor?.id,
    });
    expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
  });

  it("gives the successor the old key's lifetime, counted from now", async () => {
    const world = createWorld();
    const { job } = world.seedDueKey("billing");
    await rotateKey(world.context(job), job.data);
    const successor = await world.keys.findKeyByName("billing");
    // seeded 80 days ago, expiring in 3 days: an 83-day lifetime
    expect(successor?.expiresAt).toBe(world.clock.now() + 83 * DAY);
  });

  it("uses the policy's lifetime when one matches the name", async () => {
    const world = createWorld({ settings: { rules: [{ match: "bill*", lifetime: 30 * DAY }] } });
    const { job } = world.seedDueKey("billing");
    await rotateKey(world.context(job), job.data);
    expect((await world.keys.findKeyByName("billing"))?.expiresAt).toBe(world.clock.now() + 30 * DAY);
  });

  it("keeps both keys during the grace period and revokes the old one only after it", async () => {
    const world = createWorld({ settings: { gracePeriod: 3_600_000 } });
    const { record, secret, job } = world.seedDueKey("billing");
    const first = await rotateKey(world.context(job), job.data);
    expect(first).toMatchObject({ kind: "waiting", until: world.clock.now() + 3_600_000 });
    expect(await world.keys.authenticate(secret)).toBe("accepted");
    expect(world.secrets.current("keywarden/billing")?.data.key_id).not.toBe(record.id);

    world.clock.advance(1_800_000);
    expect(await rotateKey(world.context(job), job.data)).toMatchObject({ kind: "waiting" });
    world.clock.advance(1_800_000);
    expect(await rotateKey(world.context(job), job.data)).toMatchObject({ kind: "rotated" });
    expect(await world.keys.authenticate(secret)).toBe("refused");
  });

  it("does not generate again when Vault already holds the successor's working secret", async () => {
    const world = createWorld({ settings: { gracePeriod: 3_600_000 } });
    const { job } = world.seedDueKey("billing");
    await rotateKey(world.context(job), job.data);
    const stored = world.secrets.current("keywarden/billing");
    world.faults.log.length = 0;
    await rotateKey(world.context(job), job.data);
    expect(world.faults.log).not.toContain("generate");
    expect(world.secrets.current("keywarden/billing")?.version).toBe(stored?.version);
  });

  it("generates again when the successor's secret in Vault no longer works, and waits a whole grace period for it", async () => {
    const world = createWorld({ settings: { gracePeriod: 3_600_000 } });
    const { job } = world.seedDueKey("billing");
    await rotateKey(world.context(job), job.data);
    const successor = await world.keys.findKeyByName("billing~next");
    await world.keys.generateSecret(String(successor?.id)); // someone regenerated it by hand
    world.clock.advance(3_600_000);
    // The grace period counted from version 2's verification: version 3 gets its own.
    expect(await rotateKey(world.context(job), job.data)).toMatchObject({ kind: "waiting" });
    expect(job.data).toMatchObject({ verifiedVersion: 3, step: "grace" });
    world.clock.advance(3_600_000);
    const outcome = await rotateKey(world.context(job), job.data);
    expect(outcome).toMatchObject({ kind: "rotated", vaultVersion: 3 });
    expect(world.keys.ownerOf(world.secrets.current("keywarden/billing")?.data.api_key)?.name).toBe(
      "billing",
    );
  });

  it("saves progress twice per rotation: the successor once created, the verification once done", async () => {
    const world = createWorld();
    const { job } = world.seedDueKey("billing");
    const outcome = await rotateKey(world.context(job), job.data);
    // each checkpoint is a Redis round trip: the step names for `status` ride on these two
    expect(job.checkpoints).toBe(2);
    expect(job.data).toMatchObject({
      successorId: outcome.kind === "rotated" ? outcome.successorId : "?",
      step: "revoke",
      verifiedAt: world.clock.now(),
    });
  });

  it("adopts a successor left by an earlier attempt whose create response was lost", async () => {
    const world = createWorld();
    const { record, job } = world.seedDueKey("billing");
    world.keys.seed({ name: "billing~next", allowedIp: [], expiresAt: world.clock.now() + 90 * DAY });
    const outcome = await rotateKey(world.context(job), job.data);
    expect(outcome.kind).toBe("rotated");
    expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
  });

  it("finishes a rotation that crashed between renaming and revoking the old key, with every checkpoint lost", async () => {
    // Where the old key is renamed: a clean run of the same rotation shows its position.
    const rehearsal = createWorld();
    const rehearsed = rehearsal.seedDueKey("billing");
    await rotateKey(rehearsal.context(rehearsed.job), rehearsed.job.data);
    const revokeAt = rehearsal.faults.log.indexOf("revoke");
    expect(rehearsal.faults.log[revokeAt - 1]).toBe("update");

    const world = createWorld();
    const { record, job } = world.seedDueKey("billing");
    job.lostCheckpoints = new Set(Array.from({ length: 20 }, (_, index) => index));
    world.faults.setFaults([{ at: revokeAt, when: "before", kind: "crash" }]);
    expect(await world.drive(job)).toMatchObject({ kind: "rotated" });
    expect(job.data.step).toBeUndefined();
    expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
  });

  it("verifies by read-back only when allowedIp excludes the rotator", async () => {
    const world = createWorld();
    const { record, job } = world.seedDueKey("edge", { allowedIp: ["10.1.2.0/24"] });
    const outcome = await rotateKey(world.context(job), job.data);
    expect(outcome).toMatchObject({ kind: "rotated", verifiedBy: "read-back" });
    expect(world.faults.log).not.toContain("authenticate");
    expect((await world.keys.findKeyByName("edge"))?.allowedIp).toEqual(["10.1.2.0/24"]);
    expect(convergenceViolations(world.snapshot("edge", record.id))).toEqual([]);
  });

  it("writes Vault with check-and-set version 0 when the path is new", async () => {
    const world = createWorld();
    const { record, job } = world.seedDueKey("fresh", { inVault: false });
    expect(await rotateKey(world.context(job), job.data)).toMatchObject({ kind: "rotated", vaultVersion: 1 });
    expect(convergenceViolations(world.snapshot("fresh", record.id))).toEqual([]);
  });

  it("deletes the old key where the service cannot revoke", async () => {
    const world = createWorld({ keyService: { supportsRevoke: false } });
    const { record, job } = world.seedDueKey("billing");
    await rotateKey(world.context(job), job.data);
    expect(world.keys.keys.has(record.id)).toBe(false);
    expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
  });

  it("renames the old key out of the way before revoking it, keeping it listed", async () => {
    const world = createWorld();
    const { record, job } = world.seedDueKey("billing");
    await rotateKey(world.context(job), job.data);
    expect(world.keys.keys.get(record.id)?.record).toMatchObject({
      name: `billing~retired-${record.id}`,
      status: "revoked",
    });
    const calls = world.faults.log.filter((op) => !op.startsWith("lease."));
    expect(calls.slice(-4)).toEqual(["authenticate", "update", "revoke", "update"]);
  });

  it("deletes an old key someone revoked by hand under its name, where revoked keys cannot be renamed", async () => {
    const world = createWorld({
      keyService: { updatesRevokedKeys: false },
      settings: { gracePeriod: 60_000 },
    });
    const { record, job } = world.seedDueKey("billing");
    expect(await rotateKey(world.context(job), job.data)).toMatchObject({ kind: "waiting" });
    const stored = world.keys.keys.get(record.id);
    if (stored) stored.record = { ...stored.record, status: "revoked" };
    world.clock.advance(60_000);
    expect(await rotateKey(world.context(job), job.data)).toMatchObject({ kind: "rotated" });
    expect(world.keys.keys.has(record.id)).toBe(false);
    expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
  });

  it("does nothing for a key that is not due, unless forced", async () => {
    const world = createWorld();
    const { job } = world.seedDueKey("later", { expiresIn: 30 * DAY });
    expect(await rotateKey(world.context(job), job.data)).toMatchObject({ kind: "not-due" });
    expect(world.keys.keys.size).toBe(1);
    expect(await rotateKey(world.context(job, { force: true }), job.data)).toMatchObject({ kind: "rotated" });
  });

  it("never starts a rotation its policy says to skip, even forced; one under way is finished", async () => {
    const world = createWorld({ settings: { rules: [{ match: "legacy-*", skip: true }] } });
    const { job } = world.seedDueKey("legacy-billing");
    await expect(rotateKey(world.context(job, { force: true }), job.data)).rejects.toThrow(
      /policy "legacy-\*" says skip: this key is never rotated, so nothing was created/,
    );
    expect(world.keys.keys.size).toBe(1);

    // A rotation that had its successor before the rule came is finished: Vault already hands it out.
    const rules: PolicyRule[] = [];
    const later = createWorld({ settings: { gracePeriod: DAY, rules } });
    const { job: started } = later.seedDueKey("legacy-crm");
    const first = await rotateKey(later.context(started), started.data);
    expect(first).toMatchObject({ kind: "waiting" });
    rules.push({ match: "legacy-*", skip: true });
    later.clock.advance(DAY);
    expect(await later.drive(started)).toMatchObject({ kind: "rotated" });
  });

  it("reports nothing to do when run again after it finished", async () => {
    const world = createWorld();
    const { record, job } = world.seedDueKey("billing");
    await rotateKey(world.context(job), job.data);
    const before = world.secrets.current("keywarden/billing")?.version;
    expect(await rotateKey(world.context(job), job.data)).toMatchObject({ kind: "rotated" });
    expect(world.secrets.current("keywarden/billing")?.version).toBe(before);
    expect(convergenceViolations(world.snapshot("billing", record.id))).toEqual([]);
  });

  it("stops at a step boundary when shutting down", async () => {
    const world = createWorld();
    const { job } = world.seedDueKey("billing");
    const controller = new AbortController();
    controller.abort();
    await expect(rotateKey(world.context(job, { signal: controller.signal }), job.data)).rejects.toThrow(
      /interrupted/,
    );
    expect(world.faults.log.filter((op) => !op.startsWith("lease."))).toEqual([]);
  });

  it("reports one event per step with ids, never the secret", async () => {
    const world = createWorld();
    const { job } = world.seedDueKey("billing");
    await rotateKey(world.context(job), job.data);
    expect(world.events.map((event) => event.step)).toEqual([
      "observe",
      "create",
      "verify",
      "generate",
      "store",
      "verify",
      "revoke",
      "rename",
    ]);
    const secrets = [...world.keys.keys.values()].map((stored) => stored.secret);
    const text = JSON.stringify(world.events);
    for (const secret of secrets) if (secret) expect(text).not.toContain(secret);
  });
});

describe("permanent failures", () => {
  it("ends at the key limit with the old key alive and no successor", async () => {
    const world = createWorld({ keyService: { keyLimit: 1 } });
    const { record, secret, job } = world.seedDueKey("billing");
    const error = await world.drive(job);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toMatch(/limit/);
    expect(await world.keys.authenticate(secret)).toBe("accepted");
    expect(await abandonRotation(world.context(job), job.data)).toMatch(/no successor/);
    expect(world.snapshot("billing", record.id).keys).toHaveLength(1);
  });

  it("checks Vault before creating anything: a refused path leaves no successor and the old key in use", async () => {
    const world = createWorld({ forbiddenVaultPrefixes: ["keywarden/"] });
    const { record, secret, job } = world.seedDueKey("billing", { inVault: false });
    const error = await world.drive(job);
    expect(error).toBeInstanceOf(PermanentError);
    expect(world.faults.log).not.toContain("create");
    expect(await abandonRotation(world.context(job), job.data)).toMatch(/no successor/);
    expect(await world.keys.authenticate(secret)).toBe("accepted");
    expect(world.snapshot("billing", record.id).keys.map((key) => key.name)).toEqual(["billing"]);
  });

  it("keeps a successor Vault already points at when revoking is forbidden", async () => {
    const world = createWorld({ keyService: { forbidden: new Set(["retire"]) } });
    const { secret, job } = world.seedDueKey("billing");
    expect(await world.drive(job)).toBeInstanceOf(PermanentError);
    expect(await abandonRotation(world.context(job), job.data)).toMatch(/kept/);
    expect(await world.keys.authenticate(secret)).toBe("accepted");
    expect(world.keys.ownerOf(world.secrets.current("keywarden/billing")?.data.api_key)?.name).toBe(
      "billing~next",
    );
  });
});
