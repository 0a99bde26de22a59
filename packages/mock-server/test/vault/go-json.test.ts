import { describe, expect, it } from "vitest";
import { compareBytes, goEncode, goMarshal, goStruct } from "../../src/vault/wire/go-json.js";
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
    // past Go's int64 nanoseconds (about 292 years) a duration does not parse
    expect([
      parseVaultDuration("99999999999999999999999999d"),
      parseVaultDuration("999999999999999999999h"),
      parseVaultDuration(1e300),
      parseVaultDuration("9223372036"),
      parseVaultDuration("9223372037"),
    ]).toEqual([undefined, undefined, undefined, 9223372036, undefined]);
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

describe("Go's byte order and string escaping, against a reference written character by character", () => {
  /** Go's encoder, one character at a time (the mock's former encoder, kept as the oracle). */
  function referenceString(text: string): string {
    const short: Record<string, string> = {
      '"': '\\"',
      "\\": "\\\\",
      "\n": "\\n",
      "\r": "\\r",
      "\t": "\\t",
      "\b": "\\b",
      "\f": "\\f",
    };
    let out = '"';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      const code = ch.charCodeAt(0);
      const next = text.charCodeAt(i + 1);
      if (short[ch] !== undefined) out += short[ch];
      else if (code < 0x20 || "<>&".includes(ch) || code === 0x2028 || code === 0x2029) {
        out += `\\u${code.toString(16).padStart(4, "0")}`;
      } else if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += ch + text[++i];
      } else if (code >= 0xd800 && code <= 0xdfff) out += "\\ufffd";
      else out += ch;
    }
    return `${out}"`;
  }

  it("escapes every string as the reference does, and orders keys as their UTF-8 bytes", async () => {
    const fc = await import("fast-check");
    const special = fc.constantFrom("<", "&", "\ud800", "\udc00", "\u2028", '"', "\u0001", "\ue000", "😀");
    const text = fc
      .array(fc.oneof(special, fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })), {
        maxLength: 6,
      })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(goMarshal(a)).toBe(referenceString(a));
        // lone surrogates have no UTF-8 bytes: Buffer.from would write U+FFFD for them
        const wellFormed = (s: string) =>
          !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
        if (wellFormed(a) && wellFormed(b)) {
          expect(Math.sign(compareBytes(a, b))).toBe(
            Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))),
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
