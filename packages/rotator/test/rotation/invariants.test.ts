import { describe, expect, it } from "vitest";
import {
  belongsTo,
  convergenceViolations,
  type LogicalKeySnapshot,
  safetyViolations,
} from "../../src/rotation/invariants.js";

const base: LogicalKeySnapshot = {
  name: "billing",
  originalId: "1",
  keys: [{ id: "1", name: "billing", live: true }],
  vault: { keyId: "1", secretAccepted: true, version: 1 },
};

describe("invariants", () => {
  it("accepts the untouched start and the finished rotation", () => {
    expect(safetyViolations(base)).toEqual([]);
    const finished: LogicalKeySnapshot = {
      ...base,
      keys: [
        { id: "1", name: "billing~retired-1", live: false },
        { id: "2", name: "billing", live: true },
      ],
      vault: { keyId: "2", secretAccepted: true, version: 2 },
    };
    expect(convergenceViolations(finished)).toEqual([]);
  });

  it("flags a secret in Vault that the API refuses", () => {
    expect(safetyViolations({ ...base, vault: { keyId: "2", secretAccepted: false, version: 2 } })).toEqual([
      expect.stringContaining("secret lost"),
    ]);
  });

  it("flags the original key retired while Vault still points at it", () => {
    const early = {
      ...base,
      keys: [{ id: "1", name: "billing", live: false }],
      vault: { keyId: "1", secretAccepted: false, version: 1 },
    };
    expect(safetyViolations(early)).toContainEqual(expect.stringContaining("retired before"));
  });

  it("flags two live keys, an orphan successor and Vault pointing elsewhere", () => {
    const unfinished: LogicalKeySnapshot = {
      ...base,
      keys: [
        { id: "1", name: "billing", live: true },
        { id: "2", name: "billing~next", live: true },
      ],
    };
    const violations = convergenceViolations(unfinished);
    expect(violations).toContainEqual(expect.stringContaining("2 live keys"));
    expect(violations).toContainEqual(expect.stringContaining("orphan successor"));
  });

  it("knows which keys belong to a logical key", () => {
    expect(belongsTo({ id: "9", name: "billing~next" }, "billing", "1")).toBe(true);
    expect(belongsTo({ id: "9", name: "billing~retired-1" }, "billing", "1")).toBe(true);
    expect(belongsTo({ id: "1", name: "renamed" }, "billing", "1")).toBe(true);
    expect(belongsTo({ id: "9", name: "billing-eu" }, "billing", "1")).toBe(false);
  });
});
