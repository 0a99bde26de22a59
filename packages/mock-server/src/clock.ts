/**
 * The mock's clock. Everything time-based in the mock (key expiry, JWT expiry, Vault token TTLs,
 * login lock-outs, `now` in search date math) reads it, so a test can move time instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the mock sees it. */
  now(): number;
  /** Pins the clock to an instant (a Date, epoch milliseconds or an ISO-8601 string). */
  set(instant: Date | number | string): void;
  /** Moves the clock forward by a duration: milliseconds or a string such as `"31d"`, `"90m"`, `"1h30m"`. */
  advance(duration: number | string): void;
  /** Returns the clock to real time. */
  reset(): void;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a duration such as `"31d"`, `"1h30m"`, `"500ms"` or a number of milliseconds.
 * @throws {TypeError} naming the bad input, so a test author sees what to write instead.
 */
export function parseDuration(duration: number | string): number {
  if (typeof duration === "number") {
    if (!Number.isFinite(duration))
      throw new TypeError(`Duration must be a finite number of ms, got ${duration}`);
    return duration;
  }
  const text = duration.trim();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/g)];
  const consumed = parts.map((part) => part[0]).join("");
  if (parts.length === 0 || consumed.replace(/\s/g, "") !== text.replace(/\s/g, "")) {
    throw new TypeError(
      `Unknown duration "${duration}": use a number of ms or e.g. "500ms", "30s", "15m", "1h30m", "7d"`,
    );
  }
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_MS[unit as string]!, 0);
}

function toEpochMs(instant: Date | number | string): number {
  const ms =
    instant instanceof Date ? instant.getTime() : typeof instant === "number" ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new TypeError(`Not an instant: ${String(instant)}`);
  return ms;
}

/**
 * Creates a clock that follows real time until a test sets or advances it.
 * @param start optional instant to pin the clock to from the start
 */
export function createClock(start?: Date | number | string): Clock {
  // offset from real time; frozen holds a pinned reading while time is frozen by `set`
  let offset = 0;
  let frozen: number | undefined = start === undefined ? undefined : toEpochMs(start);
  return {
    now: () => frozen ?? Date.now() + offset,
    set(instant) {
      frozen = toEpochMs(instant);
    },
    advance(duration) {
      const ms = parseDuration(duration);
      if (ms < 0) throw new RangeError("The clock only moves forward");
      if (frozen !== undefined) frozen += ms;
      else offset += ms;
    },
    reset() {
      frozen = undefined;
      offset = 0;
    },
  };
}
