import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/duration.js";
import {
  isRetiredName,
  isSuccessorName,
  manualRotationJobId,
  retiredName,
  rotationJobId,
  successorName,
  vaultPathFor,
} from "../../src/rotation/naming.js";
import { globMatches } from "../../src/rotation/policy.js";

describe("names a retry finds again", () => {
  it("names successors and retired keys recognisably", () => {
    expect(successorName("billing")).toBe("billing~next");
    expect(isSuccessorName("billing~next")).toBe(true);
    expect(isSuccessorName("billing")).toBe(false);
    expect(retiredName("billing", "12")).toBe("billing~retired-12");
    expect(isRetiredName("billing~retired-12")).toBe(true);
  });

  it("gives job ids BullMQ accepts: no ':' and never all digits, same key+expiry = same id", () => {
    const id = rotationJobId("12", 1_772_582_400_000);
    expect(id).toBe("rotate-12-1772582400000");
    expect(id).not.toMatch(/:/);
    expect(id).not.toMatch(/^\d+$/);
    expect(rotationJobId("a:b", null)).toBe("rotate-a_b-never");
    expect(rotationJobId("12", 5)).not.toBe(rotationJobId("12", 6));
  });

  it("gives a rotation asked for by hand a job id of its own, with the same rules", () => {
    expect(manualRotationJobId("12", 1_772_582_400_000)).toBe("manual-12-1772582400000");
    expect(manualRotationJobId("a:b", 7)).toBe("manual-a_b-7");
    expect(manualRotationJobId("12", 7)).not.toBe(rotationJobId("12", 7));
  });

  it("fills the Vault path template and refuses unusable paths", () => {
    expect(vaultPathFor("keywarden/{name}", "billing")).toBe("keywarden/billing");
    expect(() => vaultPathFor("keywarden/{name}", "..")).toThrow(/'\.\.'/);
    expect(() => vaultPathFor("keywarden/{name}/", "x")).toThrow(/empty segment/);
    expect(() => vaultPathFor("{name}", "a\u0001")).toThrow(/control/);
  });
});

describe("globMatches", () => {
  it("matches * and ? against the whole name and treats other characters literally", () => {
    expect(globMatches("billing-*", "billing-eu")).toBe(true);
    expect(globMatches("billing-*", "xbilling-eu")).toBe(false);
    expect(globMatches("a?c", "abc")).toBe(true);
    expect(globMatches("a.c", "abc")).toBe(false);
    expect(globMatches("(x)+", "(x)+")).toBe(true);
  });
});

describe("durations", () => {
  it("parses the usual forms and refuses the rest with a hint", () => {
    expect(parseDuration("7d")).toBe(604_800_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("250")).toBe(250);
    expect(() => parseDuration("soon")).toThrow(/e\.g\./);
    expect(() => parseDuration("5x")).toThrow();
  });

  it("formats compactly", () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 4h");
    expect(formatDuration(-7_200_000)).toBe("-2h");
    expect(formatDuration(42_000)).toBe("42s");
  });
});
