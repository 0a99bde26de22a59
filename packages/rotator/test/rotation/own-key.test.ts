import { describe, expect, it } from "vitest";
import { PermanentError } from "../../src/port-errors.js";
import type { OwnKey } from "../../src/ports.js";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { FIXED_OWN_KEY_REFUSAL } from "../../src/rotation/own-key.js";
import { createWorld, type World } from "../support/world.js";

/** The rotator's key kept in Vault at `path`, cached as a process would; `reload` re-reads it. */
function managedOwnKey(world: World, path: string) {
  const read = () => String(world.secrets.current(path)?.data.key_id);
  let current = read();
  const own: OwnKey & { current: () => string } = {
    kind: "managed",
    path,
    current: () => current,
    isOwn: async (keyId) => keyId === current,
    reload: async () => {
      current = read();
      return current;
    },
    currentId: async () => current,
  };
  return own;
}

describe("the rotator's own key", () => {
  it("kept in Vault: rotated like any key, switching to the verified successor before the old key is retired", async () => {
    const world = createWorld();
    const { record, job } = world.seedDueKey("rotator");
    const own = managedOwnKey(world, "keywarden/rotator");
    const liveWhenUsed: boolean[] = [];
    world.faults.onEffect = () =>
      liveWhenUsed.push(world.keys.keys.get(own.current())?.record.status === "active");
    const outcome = await world.drive(job, 50, { ownKey: own });
    expect(outcome).toMatchObject({ kind: "rotated" });
    // At every effect the key the rotator authenticates with was live: it switched first.
    expect(liveWhenUsed.every(Boolean)).toBe(true);
    expect(own.current()).not.toBe(record.id);
    expect(world.keys.keys.get(own.current())?.record.name).toBe("rotator");
    expect(convergenceViolations(world.snapshot("rotator", record.id))).toEqual([]);
  });

  it("kept in Vault at another path than its rotation's: refused before anything is created", async () => {
    const world = createWorld();
    const { record, job } = world.seedDueKey("rotator");
    world.secrets.seed("ops/rotator", { api_key: "x", key_id: record.id });
    const error = await world.drive(job, 50, { ownKey: managedOwnKey(world, "ops/rotator") });
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toMatch(
      /read from Vault path ops\/rotator .* stored at keywarden\/rotator/,
    );
    expect(world.faults.log).not.toContain("create");
  });

  it("given directly: never rotated, refused before anything is created, saying how to hand it over", async () => {
    const world = createWorld();
    const { secret, job } = world.seedDueKey("rotator");
    const fixed: OwnKey = {
      kind: "fixed",
      isOwn: async (_keyId, vaultSecret) => (await vaultSecret()) === secret,
      reload: async () => undefined,
      currentId: async () => undefined,
    };
    const error = await world.drive(job, 50, { ownKey: fixed });
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toBe(FIXED_OWN_KEY_REFUSAL);
    expect(FIXED_OWN_KEY_REFUSAL).toMatch(/KEYWARDEN_API_KEY_VAULT_PATH/);
    expect(world.faults.log).not.toContain("create");
    expect(await world.keys.authenticate(secret)).toBe("accepted");
  });

  it("another process's key: never retired when given directly, rotated into its path when kept in Vault", async () => {
    const world = createWorld();
    const { record, secret, job } = world.seedDueKey("rotator");
    const registry = new Map<string, { kind: "managed" | "fixed"; path?: string }>([
      [record.id, { kind: "fixed" }],
    ]);
    const ownKeys = { lookup: async (keyId: string) => registry.get(keyId) };
    // This process logs in with a password: only the registry knows key 1 is another process's.
    const refused = await world.drive(job, 50, { ownKeys });
    expect(refused).toBeInstanceOf(PermanentError);
    expect((refused as PermanentError).reason).toMatch(
      /^a running rotator process says: this is the rotator's own key/,
    );
    expect(world.faults.log).not.toContain("create");
    expect(await world.keys.authenticate(secret)).toBe("accepted");

    registry.set(record.id, { kind: "managed", path: "ops/rotator" });
    const again = world.newJob(record);
    expect((await world.drive(again, 50, { ownKeys })) as PermanentError).toMatchObject({
      reason: expect.stringMatching(/reads this key from Vault path ops\/rotator/),
    });

    registry.set(record.id, { kind: "managed", path: "keywarden/rotator" });
    expect(await world.drive(world.newJob(record), 50, { ownKeys })).toMatchObject({ kind: "rotated" });
  });

  it("given directly: other keys rotate as usual", async () => {
    const world = createWorld();
    const { job } = world.seedDueKey("billing");
    const fixed: OwnKey = {
      kind: "fixed",
      isOwn: async () => false,
      reload: async () => "99",
      currentId: async () => "99",
    };
    expect(await world.drive(job, 50, { ownKey: fixed })).toMatchObject({ kind: "rotated" });
  });
});
