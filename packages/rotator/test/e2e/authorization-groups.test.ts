/**
 * #19 end to end: the SDK and the Vault client against the in-process mock (documented profile, which
 * has authorization groups and public key ids), on real Redis. A rotation keeps a key's group, a
 * policy moves a key to another group, and Vault records the successor's public id beside its
 * numeric id, in the data apps read and in `custom_metadata`.
 */
import { describe, expect, it } from "vitest";
import { convergenceViolations } from "../../src/rotation/invariants.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { liveSetup } from "../support/live.js";
import { eventually } from "../support/redis.js";

const PUBLIC_ID = /^key_[0-9a-f]{32}$/;

describe("authorization groups and public ids through a rotation (in-process mock, real Redis)", () => {
  const setupLive = closedAfterEach(liveSetup);

  it("keeps the group, applies a policy's group, and records the public id in Vault", async () => {
    const live = await setupLive({
      keys: [
        {
          name: "billing",
          secret: "billing-secret-000000000000000000000000000",
          expiresInDays: 2,
          authorizationGroup: "read-only",
        },
        { name: "ci-runner", secret: "ci-runner-secret-0000000000000000000000000", expiresInDays: 2 },
      ],
      rules: [{ match: "ci-*", authorizationGroup: "search-only" }],
    });
    const { runtime, sdk, ids } = live;
    const before = new Map<string, string | undefined>();
    for await (const key of sdk.apiKeys.list()) before.set(key.name, key.keyId);

    expect(await runtime.scanNow()).toMatchObject({ scanned: 2, due: 2 });
    await eventually(
      () => runtime.queues.rotations.getCompletedCount(),
      (count) => count === 2,
    );

    for (const [name, group] of [
      ["billing", "read-only"],
      ["ci-runner", "search-only"],
    ] as const) {
      const originalId = ids.get(name) as string;
      expect(convergenceViolations(await live.snapshot(name, originalId))).toEqual([]);
      const app = await live.appView(name);
      expect(app.works).toBe(true);
      const successor = await sdk.apiKeys.get(Number(app.secret.data.key_id));
      expect(successor).toMatchObject({ name, status: "ACTIVE", authorizationGroup: group });
      expect(successor.keyId).toMatch(PUBLIC_ID);
      expect(successor.keyId).not.toBe(before.get(name));
      // Beside the numeric id every existing reader matches on, never instead of it.
      expect(app.secret.data).toMatchObject({ key_id: String(successor.id), public_key_id: successor.keyId });
      expect(app.secret.metadata.custom_metadata).toMatchObject({
        "managed-by": "keywarden-rotator",
        "key-id": String(successor.id),
        "public-key-id": successor.keyId,
      });
      // The old key keeps its own group and public id while it is retired.
      const old = await sdk.apiKeys.get(Number(originalId));
      expect(old).toMatchObject({ name: `${name}~retired-${originalId}`, status: "REVOKED" });
      expect(old.keyId).toBe(before.get(name));
    }
    const oldBilling = await sdk.apiKeys.get(Number(ids.get("billing")));
    expect(oldBilling.authorizationGroup).toBe("read-only");
    const oldCi = await sdk.apiKeys.get(Number(ids.get("ci-runner")));
    expect(oldCi.authorizationGroup ?? null).toBeNull();
  });
});
