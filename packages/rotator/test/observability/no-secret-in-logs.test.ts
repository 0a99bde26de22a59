import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/observability/logger.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { liveSetup } from "../support/live.js";
import { eventually } from "../support/redis.js";

function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: "trace", destination }) };
}

describe("logs", () => {
  const setupLive = closedAfterEach(liveSetup);

  it("carry one line per step with ids, and never a secret, a token or a password", async () => {
    const capture = captureLogs();
    const oldSecrets = [
      "billing-secret-0000000000000000000000000000",
      "blocked-secret-0000000000000000000000000000",
    ];
    const live = await setupLive({
      keys: [
        { name: "billing", secret: oldSecrets[0] as string, expiresInDays: 2 },
        { name: "zz-blocked", secret: oldSecrets[1] as string, expiresInDays: 1 },
      ],
      // The token may write billing's path only: zz-blocked ends in needs-attention (error logs too).
      vaultPolicy: [
        'path "secret/data/keywarden/billing*" { capabilities = ["create", "read", "update"] }',
        'path "secret/metadata/keywarden/billing*" { capabilities = ["create", "read", "update"] }',
      ].join("\n"),
      mock: { users: [{ login: "admin", password: "correct-horse-battery-staple" }] },
      login: { username: "admin", password: "correct-horse-battery-staple" },
      logger: capture.logger,
      attempts: 2,
    });
    // A failure on the way, so error paths log too.
    live.mock.faults.add({ path: "/api/api-keys/:id/generate", method: "POST", status: 503, times: 1 });
    await live.runtime.scanNow();
    await eventually(
      () => live.runtime.queues.rotations.getCompletedCount(),
      (count) => count === 1,
    );
    await eventually(
      () => live.runtime.queues.rotations.getFailedCount(),
      (count) => count === 1,
    );
    const newSecret = (await live.appView("billing")).apiKey;
    capture.logger.flush();

    const text = capture.lines.join("");
    const steps = capture.lines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.event === "rotation.step");
    expect(steps.map((entry) => entry.step)).toEqual(
      expect.arrayContaining(["observe", "create", "generate", "store", "verify", "revoke", "rename"]),
    );
    expect(steps[0]).toMatchObject({
      keyId: expect.any(String),
      name: "billing",
      attempt: 1,
      durationMs: expect.any(Number),
    });
    expect(text).toContain('"event":"rotation.retry"');
    expect(text).toContain('"event":"rotation.needs-attention"');
    for (const secret of [...oldSecrets, newSecret, live.rotatorToken, "correct-horse-battery-staple"]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(text).not.toContain(secret);
    }
  });

  it("redact secret-looking fields even if code passed them by mistake", () => {
    const capture = captureLogs();
    capture.logger.info(
      {
        api_key: "leak-1",
        nested: { token: "leak-2", headers: { authorization: "Bearer leak-3" } },
        password: "leak-4",
      },
      "oops",
    );
    capture.logger.flush();
    const text = capture.lines.join("");
    expect(text).toContain("[redacted]");
    for (const leak of ["leak-1", "leak-2", "leak-3", "leak-4"]) expect(text).not.toContain(leak);
  });
});
