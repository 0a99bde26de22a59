/**
 * `--json` as a script reads it, from real `keywarden-rotator` processes: stdout holds exactly one
 * JSON document (the whole of it parses), on success and on failure, and the logs are on stderr.
 */
import { describe, expect, it } from "vitest";
import { cliWorld, records } from "../safety/cli-world.js";
import { closedAfterEach } from "../support/closed-after-each.js";

/** The one document on stdout: parsing the whole of it fails if there is anything else. */
const documentOf = (run: { stdout: string }) => JSON.parse(run.stdout) as Record<string, unknown>;

describe("keywarden-rotator --json", () => {
  const openWorld = closedAfterEach(cliWorld);

  it("prints one document per command, with the logs on stderr", async () => {
    const world = await openWorld(["billing"]);

    const plan = await world.run(["plan", "--json"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(documentOf(plan)).toMatchObject({
      keys: [{ name: "billing", decision: "rotate", vaultPath: "secret/data/keywarden/billing" }],
      summary: { keys: 1, rotateNow: 1, hiddenRetired: 0 },
    });

    const scan = await world.run(["scan", "--json"]);
    expect(scan.code, scan.stderr).toBe(0);
    expect(documentOf(scan)).toMatchObject({ scanned: 1, due: 1 });

    // The scan's job is waiting: rotate joins it, and says so on stderr (the progress) and in the document.
    const rotate = await world.run(["rotate", "billing", "--json"]);
    expect(rotate.code, rotate.stderr).toBe(0);
    expect(documentOf(rotate)).toEqual({
      key: "billing",
      keyId: world.originalIds.get("billing"),
      jobId: expect.stringMatching(/^rotate-\d+-\d+$/),
      job: "joined",
      state: "completed",
      result: expect.objectContaining({ outcome: "rotated", vaultPath: "keywarden/billing" }),
    });
    expect(rotate.errors).toContainEqual(
      expect.stringContaining('A rotation of "billing" is already under way'),
    );
    expect(records(rotate.errors).map((record) => record.event)).toContain("rotation.finished");

    const status = await world.run(["status", "--json"]);
    expect(status.code, status.stderr).toBe(0);
    expect(documentOf(status)).toMatchObject({ counts: { completed: 1, failed: 0 } });

    const cleanup = await world.run(["cleanup", "--json", "--dry-run"]);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(documentOf(cleanup)).toMatchObject({
      dryRun: true,
      jobs: [{ queue: "rotations", state: "completed", subject: "billing" }],
    });

    const version = await world.run(["--version", "--json"]);
    expect(documentOf(version)).toEqual({ name: "keywarden-rotator", version: expect.any(String) });
  }, 60_000);

  it("prints one error document on failure, with a stable code and the exit code", async () => {
    const world = await openWorld(["billing"]);
    const [usage, config, vault, notFound, needsAttention, text] = await Promise.all([
      world.run(["frobnicate", "--json"]),
      world.run(["plan", "--json"], { KEYWARDEN_CONCURRENCY: "-1" }),
      world.run(["plan", "--json"], { VAULT_TOKEN: "hvs.wrong" }),
      world.run(["rotate", "no-such-key", "--json"]),
      world.run(["rotate", "billing", "--json"], { VAULT_TOKEN: "hvs.wrong" }),
      world.run(["plan"], { VAULT_TOKEN: "hvs.wrong" }),
    ]);
    expect([usage.code, documentOf(usage)]).toEqual([
      2,
      { error: { code: "usage", message: expect.stringContaining('Unknown command "frobnicate"') } },
    ]);
    expect([config.code, documentOf(config)]).toEqual([
      2,
      {
        error: {
          code: "config",
          message: expect.stringContaining("KEYWARDEN_CONCURRENCY must be > 0"),
          problems: ["KEYWARDEN_CONCURRENCY must be > 0"],
        },
      },
    ]);
    expect([vault.code, documentOf(vault)]).toEqual([
      1,
      {
        error: {
          code: "failed",
          message: expect.stringMatching(/^plan failed: Vault at .* rejected the token/),
        },
      },
    ]);
    expect(records(vault.errors)).toContainEqual(expect.objectContaining({ event: "command.failed" }));
    expect([notFound.code, documentOf(notFound)]).toEqual([
      1,
      { error: { code: "not-found", message: 'No key with id or name "no-such-key".', key: "no-such-key" } },
    ]);
    expect([needsAttention.code, documentOf(needsAttention)]).toEqual([
      1,
      {
        error: {
          code: "needs-attention",
          message: expect.stringContaining("Vault rejected the token"),
          key: "billing",
          keyId: world.originalIds.get("billing"),
          jobId: expect.stringMatching(/^manual-/),
          job: "started",
          state: "failed",
        },
      },
    ]);
    expect(records(needsAttention.errors).map((record) => record.event)).toContain(
      "rotation.needs-attention",
    );
    for (const run of [usage, config, vault, notFound, needsAttention]) expect(run.lines).toHaveLength(1);
    // Without --json the same failure leaves stdout empty and says it on stderr.
    expect(text.code).toBe(1);
    expect(text.stdout).toBe("");
    expect(text.errors).toContainEqual(expect.stringMatching(/^plan failed: Vault at .* rejected the token/));
  }, 60_000);
});
