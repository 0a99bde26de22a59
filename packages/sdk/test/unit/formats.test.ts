import { describe, expect, it } from "vitest";
import { isInstantOrDate, isIpOrCidr } from "../../src/validation/formats.js";

describe("allowedIp entries", () => {
  it("accepts IPv4 and IPv6 addresses and CIDR ranges", () => {
    for (const entry of [
      "10.0.0.1",
      "0.0.0.0/0",
      "192.168.1.0/24",
      "10.0.0.0/32",
      "::1",
      "2001:db8::/32",
      "::/0",
      "2001:db8::1/128",
    ]) {
      expect(isIpOrCidr(entry), entry).toBe(true);
    }
  });

  it("refuses what is neither, and prefixes out of range or with leading zeros", () => {
    for (const entry of [
      "",
      "nope",
      "300.1.1.1",
      "1.2.3",
      "10.0.0.0/33",
      "10.0.0.0/",
      "10.0.0.0/08",
      "10.0.0.0/8/8",
      "2001:db8::/129",
      "2001:db8:::1",
      " 10.0.0.1",
      "10.0.0.1/-1",
    ]) {
      expect(isIpOrCidr(entry), entry).toBe(false);
    }
  });
});

describe("expiry text", () => {
  it("accepts an instant with its offset (seconds required) or a date alone", () => {
    for (const text of [
      "2030-01-01T12:00:00Z",
      "2030-01-01T12:00:00.123Z",
      "2030-01-01T12:00:00+02:00",
      "2030-01-01",
      "2028-02-29",
    ]) {
      expect(isInstantOrDate(text), text).toBe(true);
    }
  });

  it("refuses other forms and days the calendar lacks", () => {
    for (const text of [
      "2030-01-01T12:00Z",
      "2030-01-01T12:00:00",
      "2030-01-01 12:00:00Z",
      "2030-01-01T24:00:00Z",
      "2030-01-01T12:00:00+0200",
      "2030-02-30",
      "2030-02-29",
      "2030-13-01",
      "2030-1-1",
      "01/01/2030",
      "soon",
    ]) {
      expect(isInstantOrDate(text), text).toBe(false);
    }
  });
});
