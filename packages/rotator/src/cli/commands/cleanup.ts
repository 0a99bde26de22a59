import type { Queue } from "bullmq";
import type { RotatorQueues } from "../../queue/queues.js";
import type { CommandContext } from "../context.js";
import { formatTable } from "../table.js";

/** A finished job's record in Redis. */
export interface FinishedJobRecord {
  readonly queue: "rotations" | "scans";
  readonly id: string;
  /** `failed` is a scan that failed, or a rotation that needs attention. */
  readonly state: "completed" | "failed";
  readonly name: string;
  /** Rotations: the key's name; scans: what asked for the scan. */
  readonly subject: string | null;
  /** ISO; null when BullMQ recorded none. */
  readonly finishedAt: string | null;
}

/** What `cleanup` removed, or with `--dry-run` would remove, and what it left alone. */
export interface CleanupReport {
  readonly dryRun: boolean;
  /** The scan schedules (with the next scan each has queued). */
  readonly schedules: ReadonlyArray<{ readonly id: string; readonly pattern: string | null }>;
  readonly jobs: readonly FinishedJobRecord[];
  /** Job counts left in Redis, read after removing (with `--dry-run`, as they are now). */
  readonly left: {
    readonly rotations: Record<string, number>;
    readonly scans: Record<string, number>;
  };
}

const UNFINISHED = ["waiting", "active", "delayed", "prioritized", "waiting-children"] as const;

/**
 * `cleanup`: removes what a rotator leaves in Redis once it is no longer needed: the scan schedule
 * and finished job records (completed rotations and scans, failed scans; rotations that need
 * attention only with `includeNeedsAttention`, since they are the record a scan retries from and
 * `status` lists). Never a waiting, active or delayed rotation, and no other key: the per-key leases
 * of running rotations and the own-keys registry are left as they are.
 */
export async function cleanupCommand(
  ctx: CommandContext,
  options: { dryRun: boolean; includeNeedsAttention: boolean },
): Promise<number> {
  const queues = await ctx.queues();
  const targets: Array<[Queue, FinishedJobRecord["queue"], FinishedJobRecord["state"]]> = [
    [queues.rotations, "rotations", "completed"],
    [queues.scans, "scans", "completed"],
    [queues.scans, "scans", "failed"],
    ...(options.includeNeedsAttention
      ? [[queues.rotations, "rotations", "failed"] as [Queue, "rotations", "failed"]]
      : []),
  ];
  const schedulers = await queues.scans.getJobSchedulers(0, -1, true);
  const schedules = schedulers.map((scheduler) => ({
    id: scheduler.id ?? scheduler.key,
    pattern: scheduler.pattern ?? null,
  }));
  const listed = (
    await Promise.all(targets.map(([queue, name, state]) => finishedRecords(queue, name, state)))
  ).flat();
  let jobs = listed;
  if (!options.dryRun) {
    for (const { id } of schedules) await queues.scans.removeJobScheduler(id);
    // `clean` removes only what is in that state when its script runs, atomically: a needs-attention
    // job a scan moves back to waiting in between is not removed, as removing listed ids would.
    const removed = new Set<string>();
    for (const [queue, name, state] of targets) {
      for (const id of await queue.clean(0, 0, state)) removed.add(`${name}/${state}/${id}`);
    }
    jobs = listed.filter((job) => removed.delete(`${job.queue}/${job.state}/${job.id}`));
    // Jobs that finished between the listing and the removal.
    for (const entry of removed) {
      const [queue, state, ...id] = entry.split("/");
      jobs.push({
        queue: queue as FinishedJobRecord["queue"],
        state: state as FinishedJobRecord["state"],
        id: id.join("/"),
        name: "",
        subject: null,
        finishedAt: null,
      });
    }
  }
  const report: CleanupReport = { dryRun: options.dryRun, schedules, jobs, left: await counts(queues) };
  ctx.out(
    ctx.json ? JSON.stringify(report, null, 2) : describeCleanup(report, options.includeNeedsAttention),
  );
  return 0;
}

async function finishedRecords(
  queue: Queue,
  name: FinishedJobRecord["queue"],
  state: FinishedJobRecord["state"],
): Promise<FinishedJobRecord[]> {
  const jobs = await queue.getJobs([state], 0, -1, true);
  return jobs.flatMap((job) =>
    job?.id === undefined
      ? []
      : [
          {
            queue: name,
            id: job.id,
            state,
            name: job.name,
            subject: String(job.data?.name ?? job.data?.reason ?? "") || null,
            finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
          },
        ],
  );
}

async function counts(queues: RotatorQueues): Promise<CleanupReport["left"]> {
  const [rotations, scans] = await Promise.all([
    queues.rotations.getJobCounts(...UNFINISHED, "completed", "failed"),
    queues.scans.getJobCounts(...UNFINISHED, "completed", "failed"),
  ]);
  return { rotations, scans };
}

/** The text report: a summary, and with `--dry-run` the list of records. Pure. */
export function describeCleanup(report: CleanupReport, includeNeedsAttention: boolean): string {
  const verb = report.dryRun ? "Would remove" : "Removed";
  const lines: string[] = [];
  lines.push(
    report.schedules.length === 0
      ? "No scan schedule in Redis."
      : `${verb} the scan schedule ${report.schedules.map((s) => `"${s.id}" (${s.pattern ?? "-"})`).join(", ")} and the next scan it queued.`,
  );
  const tally = new Map<string, number>();
  for (const job of report.jobs) {
    const what = `${job.state === "failed" && job.queue === "rotations" ? "needs-attention" : job.state} ${job.queue}`;
    tally.set(what, (tally.get(what) ?? 0) + 1);
  }
  lines.push(
    report.jobs.length === 0
      ? "No finished job records to remove."
      : `${verb} ${report.jobs.length} finished job record${report.jobs.length === 1 ? "" : "s"} (${[...tally].map(([what, n]) => `${what} ${n}`).join(", ")}).`,
  );
  if (report.dryRun && report.jobs.length > 0) {
    lines.push(
      "",
      formatTable(
        ["queue", "job id", "state", "key or reason", "finished"],
        report.jobs.map((job) => [job.queue, job.id, job.state, job.subject ?? "-", job.finishedAt ?? "-"]),
      ),
      "",
    );
  }
  const left = (queue: Record<string, number>) =>
    Object.entries(queue)
      .map(([state, n]) => `${state} ${n}`)
      .join(", ");
  lines.push(
    `${report.dryRun ? "In Redis now" : "Left in Redis"}: rotations ${left(report.left.rotations)}; scans ${left(report.left.scans)}.`,
  );
  const needsAttention = report.left.rotations.failed ?? 0;
  if (!includeNeedsAttention && needsAttention > 0) {
    lines.push(
      `${needsAttention} rotation${needsAttention === 1 ? "" : "s"} needing attention kept (status lists them); --include-needs-attention removes them too.`,
    );
  }
  return lines.join("\n");
}
