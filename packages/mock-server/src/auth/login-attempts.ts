/** Failures allowed from one address inside the window before logins are blocked (423). */
const MAX_LOGIN_FAILURES = 10;
/** The sliding window of {@link MAX_LOGIN_FAILURES}. */
const LOGIN_FAILURE_WINDOW_MS = 10 * 60_000;

/** Addresses remembered at once; with a trusted X-Forwarded-For a client can name any number. */
const MAX_ADDRESSES = 10_000;

/** Counts failed logins per client address over a sliding 10-minute window. */
export class LoginAttempts {
  private readonly failures = new Map<string, number[]>();

  /** True when the address has reached the limit within the window ending at `now`. */
  isBlocked(address: string, now: number): boolean {
    return this.recent(address, now).length >= MAX_LOGIN_FAILURES;
  }

  recordFailure(address: string, now: number): void {
    const list = this.recent(address, now);
    // only the last MAX_LOGIN_FAILURES matter for the limit
    if (list.length >= MAX_LOGIN_FAILURES) list.shift();
    list.push(now);
    this.failures.delete(address);
    // a Map keeps insertion order: the first entry is the address that failed longest ago
    if (this.failures.size >= MAX_ADDRESSES)
      this.failures.delete(this.failures.keys().next().value as string);
    this.failures.set(address, list);
  }

  /** A successful login clears the address's record (as UTMStack's LoginAttemptService does). */
  recordSuccess(address: string): void {
    this.failures.delete(address);
  }

  clear(): void {
    this.failures.clear();
  }

  private recent(address: string, now: number): number[] {
    return (this.failures.get(address) ?? []).filter((at) => now - at < LOGIN_FAILURE_WINDOW_MS);
  }
}
