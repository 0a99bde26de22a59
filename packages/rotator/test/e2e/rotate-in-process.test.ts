import { describe, expect, it } from "vitest";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { liveSetup } from "../support/live.js";
import { eventually } from "../support/redis.js";

describe("rotation end to end: SDK + Vault client + in-process mock + real Redis", () => {
  const setupLive = closedAfterEach(liveSetup);

  it("rotates due keys only; apps read a working key from Vault; names, config and history survive", async () => {
    const live = await setupLive({
      keys: [
        {
          name: "billing",
          secret: "billing-secret-000000000000000000000000000",
          expiresInDays: 2,
          allowedIp: ["127.0.0.1", "10.0.0.0/8"],
        },
        { name: "crm", secret: "crm-secret-0000000000000000000000000000000", expiresInDays: 5 },
        { name: "reports", secret: "reports-secret-000000000000000000000000000", expiresInDays: 40 },
        { name: "nightly", secret: "nightly-secret-000000000000000000000000000", expiresInDays: -0.1 },
      ],
    });
    const { runtime, sdk, ids } = live;
    // An app that keeps reading its key from Vault and using it, all through the rotation.
    let polling = true;
    const appFailures: string[] = [];
    let appReads = 0;
    const app = (async () => {
      while (polling) {
        for (const name of ["billing", "crm"]) {
          const view = await live.appView(name);
          appReads++;
          if (!view.works) appFailures.push(`${name} v${view.secret.metadata.version}`);
        }
        // In-process MSW answers in microtasks only: give timers and Redis I/O their turn.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const report = await runtime.scanNow();
    expect(report).toMatchObject({ scanned: 4, due: 3 });
    await eventually(
      () => runtime.queues.rotations.getCompletedCount(),
      (count) => count === 3,
    );

    polling = false;
    await app;
    expect(appFailures).toEqual([]);
    expect(appReads).toBeGreaterThan(4);

    for (const name of ["billing", "crm"]) {
      const originalId = ids.get(name) as string;
      expect(convergenceViolations(await live.snapshot(name, originalId))).toEqual([]);
      const app = await live.appView(name);
      expect(app.works).toBe(true);
      expect(app.secret.metadata.version).toBe(2);
      expect(app.secret.data).toMatchObject({ name, key_id: expect.not.stringMatching(`^${originalId}$`) });
      expect(app.secret.metadata.custom_metadata).toMatchObject({ "managed-by": "keywarden-rotator" });
      const previous = await live.rootVault.kv.read(live.pathOf(name), { version: 1 });
      expect(await sdk.apiKeys.verify(String(previous.data.api_key))).toBe(false);
      const successor = await sdk.apiKeys.get(Number(app.secret.data.key_id));
      expect(successor).toMatchObject({ name, description: `the ${name} integration`, status: "ACTIVE" });
      const old = await sdk.apiKeys.get(Number(originalId));
      expect(old).toMatchObject({ name: `${name}~retired-${originalId}`, status: "REVOKED" });
    }
    // An expired key is repaired: its successor is in Vault, and the expired key is deleted.
    expect(convergenceViolations(await live.snapshot("nightly", ids.get("nightly") as string))).toEqual([]);
    expect((await live.appView("nightly")).works).toBe(true);
    await expect(sdk.apiKeys.get(Number(ids.get("nightly")))).rejects.toThrow(/not found/i);
    const billing = await live.appView("billing");
    expect((await sdk.apiKeys.get(Number(billing.secret.data.key_id))).allowedIp).toEqual([
      "127.0.0.1",
      "10.0.0.0/8",
    ]);
    const untouched = await live.appView("reports");
    expect(untouched).toMatchObject({ works: true, apiKey: "reports-secret-000000000000000000000000000" });
    expect(untouched.secret.metadata.version).toBe(1);
  });

  it("keeps the old key working through the grace period and until the new one is verified in Vault", async () => {
    const live = await setupLive({
      keys: [{ name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 }],
      gracePeriod: 600,
    });
    const { runtime, sdk } = live;
    await runtime.scanNow();
    await eventually(
      () => runtime.queues.rotations.getDelayedCount(),
      (count) => count === 1,
    );
    const during = await live.appView("billing");
    expect(during.works).toBe(true);
    expect(await sdk.apiKeys.verify("billing-secret-000000000000000000000000000")).toBe(true);
    await eventually(
      () => runtime.queues.rotations.getCompletedCount(),
      (count) => count === 1,
    );
    expect(await sdk.apiKeys.verify("billing-secret-000000000000000000000000000")).toBe(false);
    expect((await live.appView("billing")).works).toBe(true);
  });

  it("rides out a flaky API (503, 429 with Retry-After, a timeout) and a sealed Vault", async () => {
    const live = await setupLive({
      keys: [{ name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 }],
      attempts: 8,
      sdkTimeoutMs: 400,
    });
    const { runtime, mock } = live;
    mock.faults.add({ path: "/api/api-keys/:id/generate", method: "POST", status: 503, times: 2 });
    mock.faults.add({ path: "/api/api-keys", method: "POST", status: 429, retryAfterSeconds: 0, times: 1 });
    mock.faults.add({ path: "/api/api-keys/:id", method: "GET", latencyMs: 1_000, times: 1 });
    mock.vault?.state.seal();
    await runtime.scanNow();
    await eventually(
      async () =>
        (await runtime.queues.rotations.getJobs(["delayed", "wait"])).some((job) => job.attemptsMade >= 1),
      Boolean,
    );
    mock.vault?.state.unseal();
    await eventually(
      () => runtime.queues.rotations.getCompletedCount(),
      (count) => count === 1,
    );
    expect(convergenceViolations(await live.snapshot("billing", live.ids.get("billing") as string))).toEqual(
      [],
    );
    // Every one-shot fault was hit (each removes itself once used).
    expect(mock.faults.list()).toEqual([]);
  });
});

describe("rotation end to end against the utmstack-v11 profile (no revoke route, Utm-Api-Key, quirky errors)", () => {
  const setupLive = closedAfterEach(liveSetup);

  it("rotates with KEYWARDEN_RETIRE_OLD_KEYS=delete and verifies through Utm-Api-Key", async () => {
    const live = await setupLive({
      keys: [{ name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 }],
      mock: { profile: "utmstack-v11" },
      adapter: { revoke: "never", verifyHeader: "utm-api-key" },
    });
    await live.runtime.scanNow();
    await eventually(
      () => live.runtime.queues.rotations.getCompletedCount(),
      (count) => count === 1,
    );
    const app = await live.appView("billing");
    expect(await live.sdk.apiKeys.verify(app.apiKey, { header: "utm-api-key" })).toBe(true);
    expect(
      await live.sdk.apiKeys.verify("billing-secret-000000000000000000000000000", { header: "utm-api-key" }),
    ).toBe(false);
    const names: string[] = [];
    for await (const key of live.sdk.apiKeys.list()) names.push(key.name);
    expect(names).toEqual(["billing"]);
  });

  it("with the default header, stops at the first refusal and names the header to set", async () => {
    const old = "billing-secret-000000000000000000000000000";
    const live = await setupLive({
      keys: [{ name: "billing", secret: old, expiresInDays: 2 }],
      mock: { profile: "utmstack-v11" },
      adapter: { revoke: "never" },
    });
    await live.runtime.scanNow();
    const [job] = await eventually(
      () => live.runtime.queues.rotations.getFailed(),
      (jobs) => jobs.length === 1,
    );
    expect(job?.failedReason).toMatch(
      /^needs-attention: .*the API refuses the new key in the authorization header but accepts it in utm-api-key: set KEYWARDEN_API_KEY_HEADER=utm-api-key/,
    );
    // one attempt, not one new secret per attempt
    expect(job?.attemptsMade).toBe(1);
    expect(await live.sdk.apiKeys.verify(old, { header: "utm-api-key" })).toBe(true);
  });
});
