import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { KeyRecord } from "../../src/ports.js";
import { rotationJob } from "../../src/queue/scan.js";
import { planKey } from "../../src/rotation/plan.js";
import { webhookEvent } from "../../src/webhooks/events.js";
import { scanEvent, verifiedEvent } from "../../src/webhooks/rotation-events.js";
import { isWebhookSecret, signWebhook } from "../../src/webhooks/sign.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const DAY = 86_400_000;
const NOW = Date.parse("2030-01-01T00:00:00Z");

describe("signWebhook", () => {
  it("signs what the standardwebhooks package verifies", () => {
    const body = JSON.stringify({
      type: "rotation.verified",
      timestamp: "2030-01-01T00:00:00.000Z",
      data: {},
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      "webhook-id": "msg_1",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signWebhook(SECRET, "msg_1", timestamp, body),
    };
    expect(new Webhook(SECRET).verify(body, headers)).toEqual(JSON.parse(body));
    expect(headers["webhook-signature"]).toBe(
      new Webhook(SECRET).sign("msg_1", new Date(timestamp * 1000), body),
    );
    expect(() => new Webhook(SECRET).verify(`${body} `, headers)).toThrow();
  });

  it("accepts whsec_ secrets of at least 16 bytes only", () => {
    expect(isWebhookSecret(SECRET)).toBe(true);
    expect(isWebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBe(false);
    expect(isWebhookSecret("whsec_c2hvcnQ=")).toBe(false);
    expect(isWebhookSecret("whsec_not base64!")).toBe(false);
  });
});

describe("webhook events", () => {
  it("the id depends on the occurrence, not on when it was noticed", () => {
    const data = { keyId: "1", name: "a", expiresAt: "x", reason: "r" };
    const first = webhookEvent("key.expired", data, ["1", 5], NOW);
    expect(webhookEvent("key.expired", data, ["1", 5], NOW + DAY).id).toBe(first.id);
    expect(webhookEvent("key.expired", data, ["1", 6], NOW).id).not.toBe(first.id);
    expect(webhookEvent("key.expiring_unmanaged", data, ["1", 5], NOW).id).not.toBe(first.id);
    expect(first.id).toMatch(/^msg_[\w-]{24}$/);
  });

  const key = (name: string, expiresInDays: number | null): KeyRecord => ({
    id: "7",
    name,
    status: "active",
    expiresAt: expiresInDays === null ? null : NOW + expiresInDays * DAY,
    createdAt: NOW - 30 * DAY,
    allowedIp: [],
    description: null,
  });
  const settings = {
    rotateWithin: 7 * DAY,
    gracePeriod: 0,
    pathTemplate: "keywarden/{name}",
    rules: [{ match: "legacy-*", skip: true }],
  };
  const eventOf = (record: KeyRecord) => scanEvent(planKey(record, NOW, settings), NOW)?.message;

  it("a scan reports skipped keys inside their window and expired managed keys", () => {
    expect(eventOf(key("legacy-billing", 2))).toMatchObject({
      type: "key.expiring_unmanaged",
      data: { keyId: "7", name: "legacy-billing", reason: 'policy "legacy-*" says skip' },
    });
    expect(eventOf(key("billing", -1))).toMatchObject({
      type: "key.expired",
      data: { keyId: "7", name: "billing", expiresAt: new Date(NOW - DAY).toISOString() },
    });
    expect(eventOf(key("billing", 2))).toBeUndefined();
    expect(eventOf(key("legacy-billing", 30))).toBeUndefined();
    expect(eventOf(key("legacy-billing", null))).toBeUndefined();
  });

  it("events name a key by its public id too, when the service has public ids", () => {
    const publicKeyId = `key_${"a".repeat(32)}`;
    expect(eventOf({ ...key("billing", -1), publicKeyId })).toMatchObject({
      data: { keyId: "7", publicKeyId },
    });
    expect(eventOf(key("billing", -1))?.data).not.toHaveProperty("publicKeyId");
    const job = { id: "rotate-7", data: { keyId: "7", name: "billing", expiresAt: NOW, publicKeyId } };
    const verified = {
      successorId: "8",
      vaultPath: "keywarden/billing",
      vaultVersion: 2,
      verifiedBy: "api" as const,
      verifiedAt: NOW,
    };
    expect(verifiedEvent(job, verified, NOW).message.data).toMatchObject({ keyId: "7", publicKeyId });
  });

  it("a scan's rotation job carries the key's public id from the start", () => {
    const publicKeyId = `key_${"b".repeat(32)}`;
    const job = rotationJob({ keyId: "7", name: "billing", expiresAt: NOW, publicKeyId }, "rotate-7");
    expect(job.data.publicKeyId).toBe(publicKeyId);
    expect(rotationJob({ keyId: "7", name: "billing", expiresAt: NOW }, "rotate-7").data).not.toHaveProperty(
      "publicKeyId",
    );
  });
});
