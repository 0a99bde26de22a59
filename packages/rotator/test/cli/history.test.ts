import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { isolatedRedis } from "../support/redis.js";
import { mockOverSocketForFile } from "../support/socket-mock.js";

const { mock, url } = mockOverSocketForFile([
  { name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 },
]);
const redis = isolatedRedis();
afterAll(() => redis.cleanup());

async function run(argv: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await main(
    argv,
    {
      KEYWARDEN_URL: url(),
      VAULT_ADDR: url(),
      KEYWARDEN_USERNAME: "admin",
      KEYWARDEN_PASSWORD: "admin",
      VAULT_TOKEN: "root",
      KEYWARDEN_LOG_LEVEL: "silent",
      KEYWARDEN_METRICS_PORT: "0",
      KEYWARDEN_QUEUE_PREFIX: redis.prefix,
    },
    (text) => lines.push(text),
    (text) => errors.push(text),
  );
  return { code, text: lines.join("\n"), errors: errors.join("\n") };
}

describe("keywarden-rotator history", () => {
  it("shows each rotation after a scheduled one, a manual one and a failed one", async () => {
    const original = JSON.parse((await run(["plan", "--json"])).text).keys[0].id as string;
    // Scheduled: a scan queues the rotation; `rotate` joins it and runs it.
    expect((await run(["scan", "--json"])).code).toBe(0);
    const scheduled = JSON.parse((await run(["rotate", "billing", "--json"])).text);
    expect(scheduled).toMatchObject({ job: "joined", result: { outcome: "rotated", vaultVersion: 1 } });
    const manual = JSON.parse((await run(["rotate", "billing", "--json"])).text);
    expect(manual).toMatchObject({ job: "started", result: { outcome: "rotated", vaultVersion: 2 } });
    // Creating the successor is refused: needs attention, nothing written to Vault.
    mock.faults.add({ path: "/api/api-keys", method: "POST", status: 403, times: 1 });
    const failed = await run(["rotate", "billing", "--json"]);
    expect(failed.code).toBe(1);

    const { code, text, errors } = await run(["history", "billing", "--json"]);
    expect({ code, errors }).toEqual({ code: 0, errors: "" });
    const history = JSON.parse(text);
    expect(history).toMatchObject({
      key: "billing",
      keyId: manual.result.successorId,
      vaultPath: "keywarden/billing",
      // The mock's Vault starts empty: the first rotation wrote version 1.
      vaultVersions: 2,
    });
    expect(history.rotations).toEqual([
      {
        at: expect.any(String),
        outcome: "rotated",
        oldKeyId: original,
        newKeyId: scheduled.result.successorId,
        vaultVersion: 1,
        verifiedBy: "api",
        durationMs: expect.any(Number),
        startedBy: "schedule",
        jobId: scheduled.jobId,
      },
      {
        at: expect.any(String),
        outcome: "rotated",
        oldKeyId: scheduled.result.successorId,
        newKeyId: manual.result.successorId,
        vaultVersion: 2,
        verifiedBy: "api",
        durationMs: expect.any(Number),
        startedBy: "manual",
        jobId: manual.jobId,
      },
      {
        at: expect.any(String),
        outcome: "needs-attention",
        oldKeyId: manual.result.successorId,
        newKeyId: null,
        vaultVersion: null,
        verifiedBy: null,
        durationMs: expect.any(Number),
        startedBy: "manual",
        jobId: JSON.parse(failed.text).error.jobId,
        reason: expect.stringContaining("403"),
      },
    ]);
    // The same facts as a table, by the id of any key in the history.
    const table = await run(["history", original]);
    expect(table.code).toBe(0);
    expect(table.text).toContain(`${original} → ${scheduled.result.successorId}`);
    expect(table.text).toContain("needs-attention");
    expect(table.text).not.toContain("billing-secret");

    expect(await run(["history", "nothing-here", "--json"])).toMatchObject({ code: 1 });
    expect(JSON.parse((await run(["history", "nothing-here", "--json"])).text).error.code).toBe("not-found");
  });
});
