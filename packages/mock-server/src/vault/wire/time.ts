/**
 * Time as Vault's wire shows it: RFC 3339 timestamps with nanoseconds and trailing zeros trimmed
 * (Go `time.RFC3339Nano`), and Go `time.Duration` strings such as `"1h0m0s"`.
 */

/** `2018-03-22T02:24:06.945Z` style: UTC, fraction trimmed of trailing zeros, no fraction when whole. */
export function rfc3339Nano(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // always .sss
  const [whole, fraction = ""] = iso.slice(0, -1).split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return trimmed ? `${whole}.${trimmed}Z` : `${whole}Z`;
}

/** Go's `Duration.String()` for a whole number of seconds: `0s`, `45s`, `1m30s`, `3h25m19s`, `-1s`. */
export function goDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  const sign = seconds < 0 ? "-" : "";
  let rest = Math.abs(Math.trunc(seconds));
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};

/**
 * Parses a duration the way Vault's `parseutil.ParseDurationSecond` does: a number of seconds
 * (`3600`, `"3600"`) or a Go duration string (`"1h30m"`, `"-1s"`, `"10d"`). Returns whole seconds,
 * or `undefined` when the input is not a duration.
 */
export function parseVaultDuration(input: unknown): number | undefined {
  if (typeof input === "number") return inRange(Number.isFinite(input) ? Math.trunc(input) : undefined);
  if (typeof input !== "string") return undefined;
  const text = input.trim();
  if (text === "") return 0;
  if (/^-?\d+$/.test(text)) return inRange(Number(text));
  const match = /^([-+]?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+)$/.exec(text);
  if (!match) return undefined;
  let total = 0;
  for (const [, amount, unit] of (match[2] as string).matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)) {
    total += Number(amount) * (UNIT_SECONDS[unit as string] as number);
  }
  return inRange(Math.trunc(match[1] === "-" ? -total : total));
}

/** Go's durations are int64 nanoseconds: about 292 years either way; Go refuses a longer one. */
const MAX_DURATION_SECONDS = Number(9_223_372_036_854_775_807n / 1_000_000_000n);

function inRange(seconds: number | undefined): number | undefined {
  return seconds !== undefined && Math.abs(seconds) <= MAX_DURATION_SECONDS ? seconds : undefined;
}
