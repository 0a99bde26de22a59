import { describe, expect, it } from "vitest";
import { allowedIpCheck } from "../../src/adapters/address-check.js";

describe("allowedIpCheck", () => {
  it("allows any key without an allowlist, and none with one when the rotator's address is unknown", () => {
    const unknown = allowedIpCheck(undefined);
    expect(unknown([])).toBe(true);
    expect(unknown(["10.0.0.0/8"])).toBe(false);
  });

  it("matches the rotator's address against single addresses and CIDR ranges, IPv4 and IPv6", () => {
    const v4 = allowedIpCheck("10.1.2.3");
    expect(v4(["192.168.0.1", "10.1.0.0/16"])).toBe(true);
    expect(v4(["10.1.2.3"])).toBe(true);
    expect(v4(["10.2.0.0/16"])).toBe(false);
    expect(v4(["not-an-ip"])).toBe(false);
    const v6 = allowedIpCheck("2001:db8::1");
    expect(v6(["2001:db8::/32"])).toBe(true);
    expect(v6(["2001:0db8:0:0:0:0:0:1"])).toBe(true);
    expect(v6(["10.0.0.0/8"])).toBe(false);
  });
});
