import { within } from "../within.js";

/**
 * Connects `probe` and sends PING: its answer, or undefined when either failed (`failed` is told why)
 * or did not finish within `ms`.
 */
export function pingWithin(
  ms: number,
  probe: { connect(): Promise<unknown>; ping(): Promise<string> },
  failed: (error: Error) => void,
): Promise<string | undefined> {
  const ping = probe
    .connect()
    .then(() => probe.ping())
    .catch((error: Error) => {
      failed(error);
      return undefined;
    });
  return within(ms, ping, undefined);
}
