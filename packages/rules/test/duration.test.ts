import { describe, expect, it } from "vitest";
import { parseDuration } from "../src/duration.js";

describe("parseDuration", () => {
  it("reads milliseconds, as a number or as digits", () => {
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration("500")).toBe(500);
    expect(parseDuration("2.5")).toBe(2.5);
    expect(parseDuration(0)).toBe(0);
  });

  it("reads amounts with units, several in a row, spaces ignored", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("15m")).toBe(900_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration(" 1h 30m ")).toBe(5_400_000);
    expect(parseDuration("7d")).toBe(604_800_000);
    expect(parseDuration("2w")).toBe(1_209_600_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
  });

  it("refuses anything else with a message listing the accepted forms", () => {
    for (const bad of ["", " ", "soon", "1h30", "-5s", "5 minutes", "1h,2m", "ms"]) {
      expect(() => parseDuration(bad), bad).toThrow(TypeError);
    }
    expect(() => parseDuration("soon")).toThrow(/Unknown duration "soon": use milliseconds .*e\.g\. "500ms"/);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => parseDuration(bad)).toThrow(/Unknown duration/);
    }
  });
});
