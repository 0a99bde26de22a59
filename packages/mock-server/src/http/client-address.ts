import ipaddr from "ipaddr.js";
import type { MockRequest } from "../exchange/request.js";

/**
 * Normalises an IP address for comparison: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) becomes IPv4,
 * IPv6 is written in RFC 5952 form. Returns the input unchanged when it is not an IP address.
 */
export function normalizeAddress(address: string): string {
  const text = address.trim();
  if (!ipaddr.isValid(text)) return text;
  const parsed = ipaddr.process(text);
  return parsed.kind() === "ipv6" ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
}

/**
 * The caller's address: the first `X-Forwarded-For` entry when proxies are trusted (tests use it to
 * play a caller from elsewhere), otherwise the address the front end saw.
 */
export function callerAddress(request: MockRequest, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for");
    const first = forwarded?.split(",")[0]?.trim();
    if (first) return normalizeAddress(first);
  }
  return request.address;
}
