/**
 * A manual `keywarden-rotator rotate <key>` racing the scheduled rotation of the same key, with the
 * real CLI: it joins the rotation under way (one successor, one generate), never starts a second;
 * and the other way round, a scan while `rotate` is under way adds no second rotation.
 */
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { ROTATION_QUEUE } from "../../src/queue/names.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { cliWorld, expectOneWorkingKey, logLine, records, withTimeout } from "./cli-world.js";

describe("safety: rotate <key> while the scheduled rotation of that key is under way", () => {
  const openWorld = closedAfterEach(cliWorld);

  it("joins it: the key is rotated once, with one create and one generate", async () => {
    const world = await openWorld(["billing"]);
    const generate = world.hold("POST", "/api/api-keys/:id/generate");

    // `run`: its start-up scan enqueues the due key and its worker rotates it, up to the generate.
    const runner = world.start(["run"]);
    await withTimeout(generate.arrived, 20_000, "the scheduled rotation's generate");
    const scheduled = JSON.parse(
      await runner.waitForLine(
        logLine({ event: "rotation.step", step: "create", outcome: "done" }),
        "the scheduled rotation's create",
      ),
    );
    expect(scheduled.jobId).toMatch(/^rotate-\d+-\d+$/);

    const manual = world.start(["rotate", "billing"]);
    const joined = await manual.waitForLine(
      (line) => line.includes('A rotation of "billing" is already under way'),
      "its join message",
    );
    expect(joined).toBe(
      `A rotation of "billing" is already under way (job ${scheduled.jobId}); waiting for it...`,
    );
    generate.release();

    const code = await manual.exited;
    expect(code, manual.lines.join("\n")).toBe(0);
    const done = manual.lines.find((line) => line.startsWith("Done: "));
    expect(JSON.parse(done?.slice("Done: ".length) ?? "null")).toMatchObject({
      outcome: "rotated",
      vaultPath: "keywarden/billing",
      vaultVersion: 2,
      verifiedBy: "api",
    });
    // The manual command's own worker ran no step of it (its log lines are on stderr).
    expect(records(manual.errors).filter((record) => record.event === "rotation.step")).toEqual([]);
    await runner.waitForLine(logLine({ event: "rotation.finished", kind: "rotated" }), "the rotation's end");

    const { live } = await expectOneWorkingKey(world, "billing", { rotated: true });
    expect(live[0]?.id).toBe(JSON.parse(done?.slice("Done: ".length) ?? "{}").successorId);
    expect(world.count("POST", "/api/api-keys")).toBe(1);
    expect(world.count("POST", "/api/api-keys/{id}/generate")).toBe(1);
    expect(world.arrivals.filter((line) => /^POST \/api\/api-keys\/\d+\/generate$/.test(line))).toHaveLength(
      1,
    );
    expect(world.count("POST", "/v1/secret/data/keywarden/billing")).toBe(1);
    expect((await world.appView("billing")).version).toBe(2);
    expect(
      records(runner.lines).filter((record) => record.event === "rotation.finished"),
      "one rotation ran",
    ).toHaveLength(1);
    expect(await runner.stop()).toBe(0);
  }, 40_000);

  it("the other way round: a scan while rotate <key> is inside the Vault write adds no second rotation", async () => {
    const world = await openWorld(["billing"]);
    const store = world.hold("POST", "/v1/secret/data/keywarden/billing");

    // `rotate` runs a worker of its own; a `worker` process stands by too (either may take the job),
    // and would take a second job if the scan added one.
    const standby = world.start(["worker"]);
    const manual = world.start(["rotate", "billing"]);
    await withTimeout(store.arrived, 20_000, "the manual rotation's Vault write");
    await manual.waitForLine(
      (line) => /^Rotating "billing" \(key 1\) as job manual-1-\d+\.\.\.$/.test(line),
      "its start message",
    );

    const scan = await world.run(["scan", "--json"]);
    expect(scan.code, scan.stdout).toBe(0);
    expect(JSON.parse(scan.lines.at(-1) ?? "{}")).toMatchObject({ scanned: 2, due: 1 });
    store.release();

    expect(await manual.exited, manual.lines.join("\n")).toBe(0);
    expect(manual.lines).toContainEqual(expect.stringMatching(/^Done: \{"outcome":"rotated"/));
    await expectOneWorkingKey(world, "billing", { rotated: true });
    expect(world.count("POST", "/api/api-keys")).toBe(1);
    expect(world.count("POST", "/api/api-keys/{id}/generate")).toBe(1);
    expect(world.count("POST", "/v1/secret/data/keywarden/billing")).toBe(1);
    expect((await world.appView("billing")).version).toBe(2);

    // The scan's job joined the manual one: one job in all, nothing left waiting for the stand-by worker.
    const queue = new Queue(ROTATION_QUEUE, {
      connection: world.redis.connection,
      prefix: world.redis.prefix,
    });
    try {
      expect(
        await queue.getJobCounts("waiting", "active", "delayed", "completed", "failed", "prioritized"),
      ).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
        completed: 1,
        failed: 0,
        prioritized: 0,
      });
    } finally {
      await queue.close();
    }
    const manualJob = manual.lines
      .map((line) => /^Rotating "billing" \(key 1\) as job (manual-1-\d+)\.\.\.$/.exec(line)?.[1])
      .find(Boolean);
    const finishedHere = logLine({ event: "rotation.finished", jobId: manualJob });
    // Whichever worker ran it logged its end before the job completed (the output may lag a little).
    if (!manual.errors.some(finishedHere))
      await standby.waitForLine(finishedHere, "the rotation's end", 5_000);
    const ran = [...records(standby.lines), ...records(manual.errors)].filter(
      (record) => record.event === "rotation.step" || record.event === "rotation.finished",
    );
    expect(new Set(ran.map((record) => record.jobId))).toEqual(new Set([manualJob]));
    expect(ran.filter((record) => record.event === "rotation.finished")).toHaveLength(1);
    expect(await standby.stop()).toBe(0);
  }, 40_000);
});
