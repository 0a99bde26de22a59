import { describe, expect, it } from "vitest";
import type { KeyRecord } from "../../src/ports.js";
import { planKey, successorLifetime } from "../../src/rotation/plan.js";
import type { PolicySettings } from "../../src/rotation/policy.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-03-01T00:00:00Z");
const settings: PolicySettings = {
  rotateWithin: 7 * DAY,
  gracePeriod: 0,
  pathTemplate: "keywarden/{name}",
  rules: [],
};

function key(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id: "7",
    name: "billing",
    allowedIp: [],
    description: null,
    createdAt: NOW - 30 * DAY,
    expiresAt: NOW + 3 * DAY,
    status: "active",
    ...overrides,
  };
}

describe("planKey", () => {
  it("rotates a key expiring within the window, with its Vault path and job id", () => {
    expect(planKey(key(), NOW, settings)).toMatchObject({
      decision: "rotate",
      reason: "expires soon",
      vaultPath: "keywarden/billing",
      jobId: `rotate-7-${NOW + 3 * DAY}`,
      rotateAt: NOW - 4 * DAY,
    });
  });

  it("rotates expired keys too (it repairs the apps)", () => {
    expect(planKey(key({ expiresAt: NOW - DAY }), NOW, settings)).toMatchObject({
      decision: "rotate",
      reason: "already expired",
    });
  });

  it("rotates exactly at the start of the window, not a millisecond before", () => {
    expect(planKey(key({ expiresAt: NOW + 7 * DAY }), NOW, settings).decision).toBe("rotate");
    expect(planKey(key({ expiresAt: NOW + 7 * DAY + 1 }), NOW, settings).decision).toBe("not-due");
  });

  it("leaves keys that never expire and revoked keys alone, and resumes live successors and retired keys", () => {
    expect(planKey(key({ expiresAt: null }), NOW, settings)).toMatchObject({
      decision: "not-due",
      reason: "never expires",
    });
    expect(planKey(key({ status: "revoked" }), NOW, settings).decision).toBe("skip");
    expect(planKey(key({ name: "billing~next" }), NOW, settings)).toMatchObject({
      decision: "resume",
      vaultPath: "keywarden/billing",
    });
    expect(planKey(key({ name: "billing~retired-7" }), NOW, settings).decision).toBe("resume");
    expect(planKey(key({ name: "billing~retired-7", status: "revoked" }), NOW, settings).decision).toBe(
      "skip",
    );
    // Only the exact name a rotation gives (with the key's own id) is a rotation's trace.
    expect(planKey(key({ name: "legacy~retired-2023" }), NOW, settings).decision).toBe("rotate");
    // A rule naming the key itself wins over its logical key's.
    const skipping = { ...settings, rules: [{ match: "billing~next", skip: true }] };
    expect(planKey(key({ name: "billing~next" }), NOW, skipping).decision).toBe("skip");
  });

  it("applies the first policy whose pattern matches: window, path, skip", () => {
    const withRules: PolicySettings = {
      ...settings,
      rules: [
        { match: "legacy-*", skip: true },
        { match: "bill?ng", window: 1 * DAY, path: "apps/{name}/api" },
        { match: "*", window: 30 * DAY },
      ],
    };
    expect(planKey(key(), NOW, withRules)).toMatchObject({
      decision: "not-due",
      vaultPath: "apps/billing/api",
    });
    expect(planKey(key({ name: "legacy-crm" }), NOW, withRules)).toMatchObject({
      decision: "skip",
      reason: 'policy "legacy-*" says skip',
    });
    expect(planKey(key({ name: "crm", expiresAt: NOW + 20 * DAY }), NOW, withRules).decision).toBe("rotate");
  });

  it("skips a key whose name gives no valid Vault path, saying why", () => {
    expect(planKey(key({ name: "../etc" }), NOW, settings)).toMatchObject({
      decision: "skip",
      reason: expect.stringContaining("'..'"),
    });
  });
});

describe("successorLifetime", () => {
  it("is the policy's lifetime, else the old key's own, never under twice the window", () => {
    const policy = {
      window: 7 * DAY,
      lifetime: undefined,
      pathTemplate: "",
      gracePeriod: 0,
      skip: false,
      authorizationGroup: undefined,
      matchedRule: undefined,
    };
    expect(successorLifetime(key(), policy)).toBe(33 * DAY);
    expect(successorLifetime(key(), { ...policy, lifetime: DAY })).toBe(DAY);
    expect(successorLifetime(key({ expiresAt: null }), policy)).toBeNull();
    expect(successorLifetime(key({ expiresAt: NOW - 28 * DAY }), policy)).toBe(14 * DAY);
    expect(successorLifetime(key({ expiresAt: NOW - 30 * DAY }), { ...policy, window: 0 })).toBe(60_000);
  });
});
