import { describe, expect, it } from "vitest";
import { readStatus } from "../../src/queue/status.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { liveSetup } from "../support/live.js";
import { eventually } from "../support/redis.js";

type Live = Awaited<ReturnType<typeof liveSetup>>;
const SECRET = "billing-secret-000000000000000000000000000";

async function failedRotation(live: Live) {
  await live.runtime.scanNow();
  const [job] = await eventually(
    () => live.runtime.queues.rotations.getFailed(),
    (jobs) => jobs.length === 1,
  );
  return job;
}

describe("rotations that need a human end in needs-attention with the old key working", () => {
  const setupLive = closedAfterEach(liveSetup);

  it("key limit reached", async () => {
    const live = await setupLive({
      keys: [
        { name: "billing", secret: SECRET, expiresInDays: 2 },
        { name: "other", secret: "other-secret-00000000000000000000000000000", expiresInDays: 90 },
      ],
      mock: { keyLimit: 2 },
    });
    const job = await failedRotation(live);
    expect(job?.failedReason).toMatch(
      /^needs-attention: create key "billing~next": 409 .*API key limit reached: a user may hold at most 2 active keys/,
    );
    expect(job?.attemptsMade).toBe(1);
    expect(await live.sdk.apiKeys.verify(SECRET)).toBe(true);
    expect((await live.appView("billing")).works).toBe(true);
    const status = await readStatus(live.runtime.queues);
    expect(status.needsAttention).toEqual([
      expect.objectContaining({ name: "billing", reason: expect.stringMatching(/limit/) }),
    ]);
  });

  it("a user without permission to create keys", async () => {
    const live = await setupLive({
      keys: [{ name: "billing", secret: SECRET, expiresInDays: 2, owner: "viewer" }],
      mock: {
        users: [
          { login: "admin", password: "admin" },
          { login: "viewer", password: "viewer", permissions: ["api.key.view", "api.key.update"] },
        ],
      },
      login: { username: "viewer", password: "viewer" },
    });
    const job = await failedRotation(live);
    expect(job?.failedReason).toMatch(/^needs-attention: create key "billing~next": 403/);
    expect(await live.sdk.apiKeys.verify(SECRET)).toBe(true);
  });

  it("a Vault path the token may not write: found before any key is created, so no successor exists", async () => {
    const live = await setupLive({
      keys: [{ name: "billing", secret: SECRET, expiresInDays: 2 }],
      vaultPolicy:
        'path "secret/data/keywarden/*" { capabilities = ["read"] }\npath "secret/metadata/keywarden/*" { capabilities = ["read"] }',
    });
    const job = await failedRotation(live);
    expect(job?.failedReason).toMatch(
      /^needs-attention: Vault token may not "create" or "update" secret\/data\/keywarden\/billing \(has: read\)/,
    );
    expect(job?.data.cleanup).toMatch(/no successor/);
    expect(await live.sdk.apiKeys.verify(SECRET)).toBe(true);
    const names = [];
    for await (const key of live.sdk.apiKeys.list()) names.push(key.name);
    expect(names).toEqual(["billing"]);
  });
});
