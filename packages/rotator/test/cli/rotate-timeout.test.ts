/**
 * `rotate --timeout`, with real processes: past the deadline the command gives up waiting, says in
 * which state it found the job (looked up, not assumed), exits 1, and leaves the job in the queue.
 */
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { ROTATION_QUEUE } from "../../src/queue/names.js";
import { cliWorld, withTimeout } from "../safety/cli-world.js";
import { closedAfterEach } from "../support/closed-after-each.js";

describe("keywarden-rotator rotate --timeout", () => {
  const openWorld = closedAfterEach(cliWorld);

  it("gives up at the deadline with the job's observed state, exit 1, without cancelling it", async () => {
    const world = await openWorld(["billing", "crm"]);
    // Both rotations are held inside their generate step until the end of the test.
    const holds = [
      world.hold("POST", "/api/api-keys/:id/generate"),
      world.hold("POST", "/api/api-keys/:id/generate"),
    ];
    const settings = { KEYWARDEN_SHUTDOWN_TIMEOUT: "1s" };
    const started = Date.now();
    const [json, text] = await Promise.all([
      world.run(["rotate", "billing", "--json", "--timeout", "3s"], settings),
      world.run(["rotate", "crm", "--timeout", "3s"], settings),
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    await withTimeout(Promise.all(holds.map((hold) => hold.arrived)), 1_000, "both generate requests");

    expect(json.code, json.stderr).toBe(1);
    const { error } = JSON.parse(json.stdout);
    expect(error).toEqual({
      code: "timeout",
      message: expect.stringMatching(
        /^Gave up waiting after 3s: the rotation of "billing" \(job manual-\d+-\d+\) was active at step generate when looked up just now\./,
      ),
      key: "billing",
      keyId: world.originalIds.get("billing"),
      jobId: expect.stringMatching(/^manual-/),
      job: "started",
      state: "active",
      step: "generate",
    });

    expect(text.code).toBe(1);
    expect(text.lines).toEqual([expect.stringMatching(/^Rotating "crm" \(key \d+\) as job manual-/)]);
    expect(text.errors).toContainEqual(
      expect.stringMatching(
        /^Gave up waiting after 3s: the rotation of "crm" .* was active at step generate .* This command does not cancel it/,
      ),
    );

    // Still in the queue, as the command said.
    const queue = new Queue(ROTATION_QUEUE, {
      connection: world.redis.connection,
      prefix: world.redis.prefix,
    });
    try {
      expect(await queue.getJobState(error.jobId)).toBe("active");
    } finally {
      await queue.close();
    }
  }, 40_000);
});
