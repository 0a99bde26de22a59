import ipaddr from "ipaddr.js";

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * True when `entry` is a single IPv4/IPv6 address or a CIDR range. IPv4 must be dotted-quad decimal
 * (`1.2.3` or `0x7f.0.0.1` are refused, although inet_aton would read them).
 */
export function isAddressOrCidr(entry: string): boolean {
  const text = entry.trim();
  if (text.includes("/"))
    return ipaddr.IPv4.isValidCIDRFourPartDecimal(text) || ipaddr.IPv6.isValidCIDR(text);
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

/** Says why an allowlist entry is invalid, or undefined when it is fine. */
export function allowlistEntryProblem(entry: unknown): string | undefined {
  if (typeof entry !== "string") return "must be a string";
  if (entry.trim() === "") return "must not be blank";
  return isAddressOrCidr(entry) ? undefined : `"${entry}" is not a valid IP address or CIDR range`;
}

// IPv4-mapped IPv6 (::ffff:a.b.c.d) is compared as IPv4, so a v4 rule matches a dual-stack socket.
function toComparable(address: Parsed): Parsed {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function parseRange(entry: string): [Parsed, number] | undefined {
  const text = entry.trim();
  try {
    if (text.includes("/")) {
      const [network, bits] = ipaddr.parseCIDR(text);
      if (network.kind() === "ipv6" && (network as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
        return [(network as ipaddr.IPv6).toIPv4Address(), bits - 96];
      }
      return [network, bits];
    }
    const single = toComparable(ipaddr.parse(text));
    return [single, single.kind() === "ipv4" ? 32 : 128];
  } catch {
    return undefined;
  }
}

/**
 * Whether a client address may use a key with this allowlist. An empty or null list allows every
 * address; otherwise the address must fall in one entry (IPv4 or IPv6, single address or CIDR).
 * Entries that do not parse match nothing.
 */
export function isAddressAllowed(allowedIp: readonly string[] | null, address: string): boolean {
  if (!allowedIp || allowedIp.every((entry) => entry.trim() === "")) return true;
  let client: Parsed;
  try {
    client = toComparable(ipaddr.parse(address.trim()));
  } catch {
    return false;
  }
  return allowedIp.some((entry) => {
    const range = parseRange(entry);
    return range !== undefined && range[0].kind() === client.kind() && client.match(range);
  });
}

const V11_IPV4_CIDR = /^(\d{1,3}\.){3}\d{1,3}\/(\d|[1-2]\d|3[0-2])$/;

/**
 * An address as Tomcat's `getRemoteAddr()` writes it: IPv4 dotted, IPv6 as eight groups without
 * `::` compression (`0:0:0:0:0:0:0:1`). UTMStack v11 compares allowlist entries with this string.
 */
export function tomcatAddress(address: string): string {
  try {
    const parsed = ipaddr.parse(address.trim());
    return parsed.kind() === "ipv6" ? parsed.toNormalizedString() : parsed.toString();
  } catch {
    return address;
  }
}

/**
 * UTMStack v11's allowlist check (`ApiKeyFilter`), quirks included: an IPv4 CIDR entry matches by
 * subnet (inclusive host count); any other entry must equal the address string exactly, so IPv6 CIDR
 * never matches and IPv6 must be written as Tomcat reports it. Null or blank allows everything.
 */
export function isAddressAllowedV11(allowedIp: readonly string[] | null, address: string): boolean {
  const entries = (allowedIp ?? []).map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return true;
  const remote = tomcatAddress(address);
  return entries.some((entry) => {
    if (!V11_IPV4_CIDR.test(entry)) return entry === remote;
    try {
      const client = ipaddr.parse(remote);
      const range = ipaddr.IPv4.parseCIDR(entry);
      return client.kind() === "ipv4" && client.match(range);
    } catch {
      return false;
    }
  });
}
