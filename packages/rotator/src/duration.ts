// One duration grammar for the rotator's configuration and CLI and the mock's clock (see @keywarden/rules).
export { parseDuration } from "@keywarden/rules";

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
