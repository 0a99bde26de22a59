import { parseDuration } from "@keywarden/rules";

export { parseDuration };

/**
 * The mock's clock. Everything time-based in the mock (key expiry, JWT expiry, Vault token TTLs,
 * login lock-outs, `now` in search date math) reads it, so a test can move time instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the mock sees it. */
  now(): number;
  /** Pins the clock to an instant (a Date, epoch milliseconds or an ISO-8601 string). */
  set(instant: Date | number | string): void;
  /**
   * Moves the clock forward by a duration: milliseconds or a string such as `"500"`, `"31d"`, `"90m"`,
   * `"1h30m"` (`parseDuration`'s grammar, shared with the rotator).
   */
  advance(duration: number | string): void;
  /** Returns the clock to real time. */
  reset(): void;
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
      // parseDuration refuses negative durations: the clock only moves forward.
      const ms = parseDuration(duration);
      if (frozen !== undefined) frozen += ms;
      else offset += ms;
    },
    reset() {
      frozen = undefined;
      offset = 0;
    },
  };
}
