import { describe, expect, it } from "vitest";
import { DuplicateKeyNameError, KeyLimitReachedError } from "../../src/keys/errors.js";
import { KeyService } from "../../src/keys/key-service.js";
import type { KeyInput } from "../../src/keys/model.js";

const input = (name: string): KeyInput => ({
  name,
  description: null,
  allowedIp: [],
  expiresAt: null,
  authorizationGroup: null,
});

describe("KeyService.createMany (bulk seeding)", () => {
  it("adds every key in order with fresh ids, as create would", () => {
    const keys = new KeyService({ keyLimit: null, uniqueNamesOnUpdate: true, allowlistMatching: "ipaddr" });
    keys.create(1, input("first"), 0);
    const added = keys.createMany(1, [input("a"), input("b")], 5);
    expect(added.map((key) => [key.id, key.name, key.status, key.createdAt])).toEqual([
      [2, "a", "ACTIVE", 5],
      [3, "b", "ACTIVE", 5],
    ]);
    expect(keys.listForUser(1).map((key) => key.name)).toEqual(["first", "a", "b"]);
    expect(keys.get(1, 3).name).toBe("b");
  });

  it("refuses a name the user already has, or one given twice, and adds nothing", () => {
    const keys = new KeyService({ keyLimit: null, uniqueNamesOnUpdate: true, allowlistMatching: "ipaddr" });
    keys.create(1, input("taken"), 0);
    expect(() => keys.createMany(1, [input("new"), input("taken")], 0)).toThrow(DuplicateKeyNameError);
    expect(() => keys.createMany(1, [input("twice"), input("twice")], 0)).toThrow(DuplicateKeyNameError);
    expect(keys.listForUser(1)).toHaveLength(1);
    // Names are per user: another user may use the same one.
    expect(keys.createMany(2, [input("taken")], 0)).toHaveLength(1);
  });

  it("refuses to go over the limit of active keys, counting revoked keys out", () => {
    const keys = new KeyService({ keyLimit: 3, uniqueNamesOnUpdate: true, allowlistMatching: "ipaddr" });
    const revoked = keys.create(1, input("old"), 0);
    keys.revoke(1, revoked.id);
    expect(() => keys.createMany(1, [input("a"), input("b"), input("c"), input("d")], 0)).toThrow(
      KeyLimitReachedError,
    );
    expect(keys.listForUser(1)).toHaveLength(1);
    expect(keys.createMany(1, [input("a"), input("b"), input("c")], 0)).toHaveLength(3);
  });
});
