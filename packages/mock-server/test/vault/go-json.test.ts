import { describe, expect, it } from "vitest";
import { goEncode, goMarshal, goStruct } from "../../src/vault/wire/go-json.js";
import { goDuration, parseVaultDuration, rfc3339Nano } from "../../src/vault/wire/time.js";

describe("Go encoding/json and time formats", () => {
  it("sorts map keys byte-wise, keeps struct order, compacts, and Encode adds one newline", () => {
    expect(goMarshal({ b: 1, a: { d: 1, c: 2 }, "10": 0, "2": 0, "1": 0 })).toBe(
      '{"1":0,"10":0,"2":0,"a":{"c":2,"d":1},"b":1}',
    );
    expect(goMarshal(goStruct({ z: 1, a: 2 }))).toBe('{"z":1,"a":2}');
    expect(goEncode([1, "x", null, true, -0, 1e21, 1e-7])).toBe('[1,"x",null,true,-0,1e+21,1e-7]\n');
  });

  it("escapes like Go with HTML escaping on", () => {
    expect(goMarshal('<>&\u2028\u2029"\\\n\t\r\b\f\u0001é😀')).toBe(
      '"\\u003c\\u003e\\u0026\\u2028\\u2029\\"\\\\\\n\\t\\r\\b\\f\\u0001é😀"',
    );
    expect(goMarshal("bad\ud800x")).toBe('"bad\\ufffdx"');
  });

  it("writes RFC 3339 with trailing fraction zeros trimmed, and Go durations", () => {
    expect(rfc3339Nano(Date.parse("2021-09-10T15:26:08.680Z"))).toBe("2021-09-10T15:26:08.68Z");
    expect(rfc3339Nano(Date.parse("2021-09-10T15:26:08.000Z"))).toBe("2021-09-10T15:26:08Z");
    expect([goDuration(0), goDuration(90), goDuration(12319), goDuration(-1)]).toEqual([
      "0s",
      "1m30s",
      "3h25m19s",
      "-1s",
    ]);
    expect([
      parseVaultDuration("1h30m"),
      parseVaultDuration(60),
      parseVaultDuration("45"),
      parseVaultDuration("2d"),
      parseVaultDuration("x"),
    ]).toEqual([5400, 60, 45, 172800, undefined]);
  });
});

describe("Go encoding round-trips", () => {
  it("any JSON value survives goMarshal → JSON.parse, HTML characters are escaped, and the output is canonical", async () => {
    const fc = await import("fast-check");
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = goMarshal(value);
        expect(JSON.parse(text)).toEqual(value);
        expect(text).not.toMatch(/[<>&\u2028\u2029]/);
        expect(goMarshal(JSON.parse(text))).toBe(text); // same bytes whatever the input key order
      }),
      { numRuns: 300 },
    );
  });
});
