import { formatDuration } from "../duration.js";
import type { PlanEntry } from "../rotation/plan.js";
import { formatTable } from "./table.js";

/**
 * The dry-run table: for each key, what the rotator would do, when, and where the secret would go.
 * Changes nothing.
 */
export function formatPlan(entries: readonly PlanEntry[], now: number, kvMount: string): string {
  const order = { rotate: 0, "not-due": 1, skip: 2 } as const;
  const sorted = [...entries].sort(
    (a, b) =>
      order[a.decision] - order[b.decision] || (a.key.expiresAt ?? Infinity) - (b.key.expiresAt ?? Infinity),
  );
  const rows = sorted.map((entry) => [
    entry.key.id,
    entry.key.name,
    entry.key.expiresAt === null
      ? "never"
      : `${new Date(entry.key.expiresAt).toISOString()} (${formatDuration(entry.key.expiresAt - now)})`,
    entry.decision === "rotate"
      ? "now"
      : entry.rotateAt === undefined || entry.decision === "skip"
        ? "-"
        : `${new Date(entry.rotateAt).toISOString()} (in ${formatDuration(entry.rotateAt - now)})`,
    entry.decision,
    entry.vaultPath ? `${kvMount}/data/${entry.vaultPath}` : "-",
    entry.reason,
  ]);
  const due = entries.filter((entry) => entry.decision === "rotate").length;
  return `${formatTable(["id", "key", "expires", "rotates", "decision", "vault path", "why"], rows)}\n\n${due} of ${entries.length} keys would be rotated now.`;
}
