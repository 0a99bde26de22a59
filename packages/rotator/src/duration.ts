const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a human duration such as `"500ms"`, `"30s"`, `"15m"`, `"1h30m"` or `"7d"` into
 * milliseconds. A bare number (or numeric string) is taken as milliseconds.
 *
 * @throws TypeError saying which forms are accepted.
 * @example parseDuration("1h30m") // 5_400_000
 */
export function parseDuration(duration: number | string): number {
  if (typeof duration === "number") {
    if (!Number.isFinite(duration) || duration < 0) throw new TypeError(`Not a duration: ${duration}`);
    return duration;
  }
  const text = duration.replace(/\s/g, "");
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) {
    throw new TypeError(`Not a duration: "${duration}" (use e.g. "30s", "15m", "1h30m", "7d")`);
  }
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (UNIT_MS[unit as string] ?? 0), 0);
}

/** Formats milliseconds compactly for tables and logs, e.g. `3d 4h`, `12m`, `-2h`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  if (days > 0) return `${sign}${days}d${hours > 0 ? ` ${hours}h` : ""}`;
  if (hours > 0) return `${sign}${hours}h${minutes > 0 ? ` ${minutes}m` : ""}`;
  if (minutes > 0) return `${sign}${minutes}m`;
  return `${sign}${Math.round(rest / 1000)}s`;
}
