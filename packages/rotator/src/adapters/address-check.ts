import ipaddr from "ipaddr.js";

/**
 * Builds the rule "can the rotator present a key with this `allowedIp` to the API?": yes when the
 * list is empty (any address), or when `rotatorAddress` (its egress address, `ROTATOR_ADDRESS`) is
 * one of the entries or inside one of the CIDR ranges. Without a known address, a restricted key is
 * verified by Vault read-back only.
 */
export function allowedIpCheck(
  rotatorAddress: string | undefined,
): (allowedIp: readonly string[]) => boolean {
  const address =
    rotatorAddress && ipaddr.isValid(rotatorAddress) ? ipaddr.process(rotatorAddress) : undefined;
  return (allowedIp) => {
    if (allowedIp.length === 0) return true;
    if (!address) return false;
    return allowedIp.some((entry) => {
      try {
        if (entry.includes("/")) {
          const [range, bits] = ipaddr.parseCIDR(entry);
          return range.kind() === address.kind() && address.match(range, bits);
        }
        return ipaddr.process(entry).toNormalizedString() === address.toNormalizedString();
      } catch {
        return false;
      }
    });
  };
}
