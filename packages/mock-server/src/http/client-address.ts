import ipaddr from "ipaddr.js";

// The node adapter knows the socket's address; the handlers only see a fetch Request. A WeakMap keyed by
// the Request carries the address across without a header a client could forge.
const socketAddresses = new WeakMap<Request, string>();

// The same few clients call again and again: each socket address is normalised once.
const normalizedSocketAddresses = new Map<string, string>();

/** Records the socket address a Request arrived from (called by the node adapter). */
export function rememberSocketAddress(request: Request, address: string | undefined): void {
  if (!address) return;
  let normalized = normalizedSocketAddresses.get(address);
  if (normalized === undefined) {
    normalized = normalizeAddress(address);
    if (normalizedSocketAddresses.size >= 1024) normalizedSocketAddresses.clear();
    normalizedSocketAddresses.set(address, normalized);
  }
  socketAddresses.set(request, normalized);
}

/**
 * Normalises an IP address for comparison: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) becomes IPv4,
 * IPv6 is written in RFC 5952 form. Returns the input unchanged when it is not an IP address.
 */
function normalizeAddress(address: string): string {
  const text = address.trim();
  if (!ipaddr.isValid(text)) return text;
  const parsed = ipaddr.process(text);
  return parsed.kind() === "ipv6" ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
}

/** How the mock decides which address a request came from. */
export interface ClientAddressPolicy {
  /** Trust the first `X-Forwarded-For` entry (tests use it to play a caller from elsewhere). */
  trustProxy: boolean;
}

/**
 * The caller's address: the first `X-Forwarded-For` entry when the policy trusts proxies, otherwise
 * the socket's address (standalone) or `127.0.0.1` (in-process, where there is no socket).
 */
export function clientAddressOf(request: Request, policy: ClientAddressPolicy): string {
  if (policy.trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for");
    const first = forwarded?.split(",")[0]?.trim();
    if (first) return normalizeAddress(first);
  }
  return socketAddresses.get(request) ?? "127.0.0.1";
}
