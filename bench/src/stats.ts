/** A figure measured several times: its median and how far the runs spread around it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median: the spread of the repeats, as a share of the median. */
  spread: number;
  runs: number;
}

/** Summarises repeated measurements of one figure. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("summarize needs at least one value");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return { median, min, max, spread: median === 0 ? 0 : (max - min) / median, runs: values.length };
}

/** Rounds for display without losing the sign of small ratios. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
