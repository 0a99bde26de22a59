import { describe, expect, it } from "vitest";
import type { KeyLease } from "../../src/ports.js";
import { ClaimLostError, fencePorts, KeyBusyError, keyClaim } from "../../src/rotation/claim.js";
import { FakeKeyService } from "../support/fake-key-service.js";
import { FakeSecretStore } from "../support/fake-secret-store.js";
import { MemoryLease } from "../support/memory-lease.js";

const TTL = 90_000;

describe("keyClaim", () => {
  it("lets one holder in at a time, re-entrantly, until it releases or its lease lapses", async () => {
    let now = 0;
    const lease = new MemoryLease(() => now);
    const first = keyClaim(lease, "billing", "a", { ttlMs: TTL, now: () => now });
    const second = keyClaim(lease, "billing", "b", { ttlMs: TTL, now: () => now });
    await first.acquire();
    await first.acquire();
    await expect(second.acquire()).rejects.toBeInstanceOf(KeyBusyError);
    await first.release();
    await second.acquire();
    now += TTL;
    await expect(second.confirm()).rejects.toBeInstanceOf(ClaimLostError);
    await first.acquire();
    await second.release();
    await expect(keyClaim(lease, "billing", "c", { ttlMs: TTL, now: () => now }).acquire()).rejects.toThrow(
      /Another rotation of "billing"/,
    );
  });

  it("counts a claim as lost when renewing it took too long (the process may have stalled inside it)", async () => {
    let now = 0;
    const lease = new MemoryLease(() => now);
    const slowLease: KeyLease = {
      acquire: (name, holder, ttlMs) => lease.acquire(name, holder, ttlMs),
      release: (name, holder) => lease.release(name, holder),
      renew: async (name, holder, ttlMs) => {
        const renewed = await lease.renew(name, holder, ttlMs);
        now += TTL / 2;
        return renewed;
      },
    };
    const claim = keyClaim(slowLease, "billing", "a", { ttlMs: TTL, now: () => now });
    await claim.acquire();
    await expect(claim.confirm()).rejects.toBeInstanceOf(ClaimLostError);
  });

  it("fences every mutation of both ports, and no read", async () => {
    const keys = new FakeKeyService();
    const secrets = new FakeSecretStore();
    const confirmed: string[] = [];
    let refuse = false;
    const fenced = fencePorts({ keys, secrets }, async () => {
      confirmed.push("confirm");
      if (refuse) throw new ClaimLostError("billing");
    });
    const { record } = keys.seed({ name: "billing", allowedIp: [], expiresAt: null });
    await fenced.keys.getKey(record.id);
    await fenced.keys.findKeyByName("billing");
    await fenced.secrets.read("keywarden/billing");
    expect(confirmed).toEqual([]);
    await fenced.keys.generateSecret(record.id);
    await fenced.secrets.write("keywarden/billing", { api_key: "x" }, 0);
    expect(confirmed).toHaveLength(2);
    refuse = true;
    const before = keys.faults.log.length;
    await expect(fenced.keys.deleteKey(record.id)).rejects.toBeInstanceOf(ClaimLostError);
    await expect(
      fenced.keys.createKey({ ...record, name: "x", authorizationGroup: null }),
    ).rejects.toBeInstanceOf(ClaimLostError);
    await expect(
      fenced.keys.updateKey(record.id, { ...record, authorizationGroup: null }),
    ).rejects.toBeInstanceOf(ClaimLostError);
    await expect(fenced.keys.retireKey(record, "x")).rejects.toBeInstanceOf(ClaimLostError);
    await expect(fenced.secrets.writeMetadata("keywarden/billing", {})).rejects.toBeInstanceOf(
      ClaimLostError,
    );
    expect(keys.faults.log.length).toBe(before);
    expect(keys.keys.has(record.id)).toBe(true);
  });
});

describe("keyClaim keep-alive", () => {
  it("renews in the background while held, and a failed renewal makes the next change stop", async () => {
    const renewals: string[] = [];
    let grant = true;
    const lease: KeyLease = {
      acquire: async () => true,
      renew: async (_name, holder) => {
        renewals.push(holder);
        return grant;
      },
      release: async () => undefined,
    };
    const claim = keyClaim(lease, "billing", "a", { ttlMs: TTL, now: () => 0, keepAliveMs: 10 });
    await claim.acquire();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    grant = false;
    await new Promise((resolve) => setTimeout(resolve, 30));
    grant = true; // even if the lease could be renewed again now: it was lost in between
    await expect(claim.confirm()).rejects.toBeInstanceOf(ClaimLostError);
    const count = renewals.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(renewals.length).toBe(count); // stopped
    await claim.release();
  });
});
