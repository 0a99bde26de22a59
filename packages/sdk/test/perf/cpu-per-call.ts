// What the perf scripts share: the search they time and the way they time a run of calls.
// The search both perf scripts time is the bench's, so all three measure the same request.
export { searchParams } from "../../../../bench/src/sdk-calls.js";

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
