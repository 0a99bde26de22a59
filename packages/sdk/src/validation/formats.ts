import { IPV4_REGEX, IPV6_REGEX } from "valibot";

const PREFIX = /^(0|[1-9]\d{0,2})$/;

/** True for an IPv4 or IPv6 address, or a CIDR range of either (`10.0.0.0/8`, `2001:db8::/32`). */
export function isIpOrCidr(text: string): boolean {
  const slash = text.indexOf("/");
  if (slash === -1) return IPV4_REGEX.test(text) || IPV6_REGEX.test(text);
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!PREFIX.test(prefix)) return false;
  if (IPV4_REGEX.test(address)) return Number(prefix) <= 32;
  return IPV6_REGEX.test(address) && Number(prefix) <= 128;
}

const INSTANT =
  /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;

/**
 * True for an ISO-8601 instant with its offset (`2030-01-01T12:00:00Z`, `...+02:00`, seconds required)
 * or a date alone (`2030-01-01`), on a day the calendar has (`2030-02-30` is refused).
 */
export function isInstantOrDate(text: string): boolean {
  const parts = INSTANT.exec(text) ?? DATE.exec(text);
  return parts !== null && isCalendarDay(Number(parts[1]), Number(parts[2]), Number(parts[3]));
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
