// What the perf scripts share: the search they time and the way they time a run of calls.
import { f } from "../../src/index.js";

/** The search both perf scripts time: page 1 of 25 alert hits, two filters. Fresh each call, as a caller builds it. */
export const searchParams = () => ({
  indexPattern: "alert-*",
  top: 1000,
  page: 1,
  size: 25,
  sort: "@timestamp,desc",
  filters: [f.is("status", 2), f.between("@timestamp", "now-7d", "now")],
});

/** What {@link cpuPerCall} measures: user CPU, user + system CPU, or wall time. */
export type Measure = "user" | "all" | "wall";

/** µs per call over `count` sequential calls of `call`, as `measure` says. */
export async function cpuPerCall(
  call: () => Promise<unknown>,
  count: number,
  measure: Measure,
): Promise<number> {
  if (measure === "wall") {
    const started = performance.now();
    for (let i = 0; i < count; i++) await call();
    return ((performance.now() - started) * 1000) / count;
  }
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await call();
  const used = process.cpuUsage(before);
  return (measure === "all" ? used.user + used.system : used.user) / count;
}
