import { describe, expect, it } from "vitest";
import {
  isAddressAllowed,
  isAddressAllowedV11,
  isAddressOrCidr,
  tomcatAddress,
} from "../../src/keys/allowlist.js";
import { DAY_MS } from "../../src/keys/model.js";
import { expiryStateOf, isExpired, slidExpiry, wouldExceedKeyLimit } from "../../src/keys/rules.js";
import { generateSecret, hashesMatch, hashSecret, looksLikeSecret } from "../../src/keys/secrets.js";

const NOW = Date.parse("2026-01-01T00:00:00Z");

describe("expiry", () => {
  it("is expired from the instant now reaches expiresAt, never before", () => {
    expect(isExpired({ expiresAt: NOW + 1 }, NOW)).toBe(false);
    expect(isExpired({ expiresAt: NOW }, NOW)).toBe(true);
    expect(isExpired({ expiresAt: null }, NOW)).toBe(false);
  });

  it("classifies keys as EXPIRED, EXPIRING_SOON (within 7 days) or VALID", () => {
    expect(expiryStateOf({ expiresAt: NOW }, NOW)).toBe("EXPIRED");
    expect(expiryStateOf({ expiresAt: NOW + 7 * DAY_MS }, NOW)).toBe("EXPIRING_SOON");
    expect(expiryStateOf({ expiresAt: NOW + 7 * DAY_MS + 1 }, NOW)).toBe("VALID");
    expect(expiryStateOf({ expiresAt: null }, NOW)).toBe("VALID");
  });
});

describe("regenerated expiry", () => {
  it("slides by the key's original lifetime counted from its last generation", () => {
    const key = { createdAt: NOW - 10 * DAY_MS, generatedAt: NOW - 5 * DAY_MS, expiresAt: NOW + 25 * DAY_MS };
    expect(slidExpiry(key, NOW)).toBe(NOW + 30 * DAY_MS);
  });

  it("counts from createdAt when the key was never generated", () => {
    const key = { createdAt: NOW - DAY_MS, generatedAt: null, expiresAt: NOW + 89 * DAY_MS };
    expect(slidExpiry(key, NOW)).toBe(NOW + 90 * DAY_MS);
  });

  it("makes a key without expiry a 7-day key", () => {
    expect(slidExpiry({ createdAt: NOW, generatedAt: NOW, expiresAt: null }, NOW)).toBe(NOW + 7 * DAY_MS);
  });

  it("uses 7 days when the expiry lay before its base", () => {
    const key = { createdAt: NOW - 3 * DAY_MS, generatedAt: NOW - DAY_MS, expiresAt: NOW - 2 * DAY_MS };
    expect(slidExpiry(key, NOW)).toBe(NOW + 7 * DAY_MS);
  });
});

describe("key limit", () => {
  it("counts only ACTIVE keys", () => {
    const active = { status: "ACTIVE" as const };
    const revoked = { status: "REVOKED" as const };
    expect(wouldExceedKeyLimit([active, active, revoked, revoked], 3)).toBe(false);
    expect(wouldExceedKeyLimit([active, active, active, revoked], 3)).toBe(true);
  });
});

describe("allowlist", () => {
  it("accepts IPv4 and IPv6 addresses and CIDR ranges, refuses anything else", () => {
    for (const entry of ["192.168.1.10", "10.0.0.0/24", "2001:db8::1", "2001:db8::/32", "0:0:0:0:0:0:0:1"]) {
      expect(isAddressOrCidr(entry), entry).toBe(true);
    }
    for (const entry of ["300.1.1.1", "10.0.0.0/33", "example.com", "2001:db8::/129", "1.2.3"]) {
      expect(isAddressOrCidr(entry), entry).toBe(false);
    }
  });

  it("allows every address when the list is empty or null", () => {
    expect(isAddressAllowed([], "203.0.113.9")).toBe(true);
    expect(isAddressAllowed(null, "2001:db8::9")).toBe(true);
  });

  it("matches IPv4 single addresses and CIDR ranges (inclusive)", () => {
    const list = ["203.0.113.10", "10.0.0.0/24"];
    expect(isAddressAllowed(list, "203.0.113.10")).toBe(true);
    expect(isAddressAllowed(list, "10.0.0.0")).toBe(true);
    expect(isAddressAllowed(list, "10.0.0.255")).toBe(true);
    expect(isAddressAllowed(list, "10.0.1.0")).toBe(false);
    expect(isAddressAllowed(list, "203.0.113.11")).toBe(false);
  });

  it("matches IPv6 in any spelling, including CIDR ranges", () => {
    expect(isAddressAllowed(["2001:db8::/32"], "2001:db8:ffff::1")).toBe(true);
    expect(isAddressAllowed(["2001:db8::/32"], "2001:db9::1")).toBe(false);
    expect(isAddressAllowed(["0:0:0:0:0:0:0:1"], "::1")).toBe(true);
  });

  it("treats IPv4-mapped IPv6 addresses as IPv4", () => {
    expect(isAddressAllowed(["127.0.0.1"], "::ffff:127.0.0.1")).toBe(true);
    expect(isAddressAllowed(["10.0.0.0/8"], "::ffff:10.1.2.3")).toBe(true);
    expect(isAddressAllowed(["::ffff:10.0.0.0/104"], "10.9.9.9")).toBe(true);
  });

  it("never lets an IPv4 rule match an IPv6 caller or the reverse", () => {
    expect(isAddressAllowed(["0.0.0.0/0"], "2001:db8::1")).toBe(false);
    expect(isAddressAllowed(["::/0"], "10.0.0.1")).toBe(false);
  });

  it("refuses a caller whose address cannot be parsed", () => {
    expect(isAddressAllowed(["10.0.0.0/8"], "not-an-ip")).toBe(false);
  });
});

describe("allowlist as UTMStack v11 matches it", () => {
  it("matches IPv4 CIDR by subnet, inclusive of network and broadcast", () => {
    expect(isAddressAllowedV11(["10.0.0.0/24"], "10.0.0.0")).toBe(true);
    expect(isAddressAllowedV11(["10.0.0.0/24"], "10.0.0.255")).toBe(true);
    expect(isAddressAllowedV11(["10.0.0.0/24"], "10.0.1.0")).toBe(false);
  });

  it("compares every other entry as an exact string in Tomcat's spelling", () => {
    expect(tomcatAddress("::1")).toBe("0:0:0:0:0:0:0:1");
    expect(isAddressAllowedV11(["0:0:0:0:0:0:0:1"], "::1")).toBe(true);
    expect(isAddressAllowedV11(["::1"], "::1")).toBe(false);
    expect(isAddressAllowedV11(["2001:db8::/32"], "2001:db8::5")).toBe(false);
    expect(isAddressAllowedV11(["not-an-ip"], "127.0.0.1")).toBe(false);
  });

  it("allows everything for null, empty or blank lists", () => {
    expect(isAddressAllowedV11(null, "10.9.9.9")).toBe(true);
    expect(isAddressAllowedV11([" ", ""], "10.9.9.9")).toBe(true);
  });
});

describe("secrets", () => {
  it("are 43 characters of base64url and different every time", () => {
    const secrets = new Set(Array.from({ length: 50 }, generateSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(looksLikeSecret(secret)).toBe(true);
  });

  it("are stored as a SHA-256 hash that matches only the same secret", () => {
    const secret = generateSecret();
    const hash = hashSecret(secret);
    expect(hash).toHaveLength(32);
    expect(hash.toString("utf8")).not.toContain(secret);
    expect(hashesMatch(hash, hashSecret(secret))).toBe(true);
    expect(hashesMatch(hash, hashSecret(`${secret.slice(0, -1)}x`))).toBe(false);
    expect(hashesMatch(hash, hashSecret(""))).toBe(false);
  });
});
