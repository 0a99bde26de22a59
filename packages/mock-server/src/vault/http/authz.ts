import type { Capability } from "../auth/policies.js";
import { capabilitiesFor } from "../auth/policies.js";
import type { TokenEntry } from "../auth/tokens.js";
import type { VaultState } from "../state.js";
import { PERMISSION_DENIED } from "../wire/errors.js";
import { errorReply, type VaultReply } from "../wire/reply.js";

/** A request's token, resolved: the live entry or the 403 Vault answers (contract §6). */
export type AuthResult = { ok: true; token: TokenEntry } | { ok: false; reply: VaultReply };

/** Resolves the request's token: missing → `permission denied`; unknown or expired → `... invalid token`. */
export function authenticate(state: VaultState, token: string | undefined): AuthResult {
  if (token === undefined || token === "")
    return { ok: false, reply: errorReply(403, [PERMISSION_DENIED.missingToken]) };
  const entry = state.tokens.lookup(token);
  if (!entry) return { ok: false, reply: errorReply(403, [PERMISSION_DENIED.invalidToken]) };
  return { ok: true, token: entry };
}

/** True when the token's policies grant `capability` on `path` (the request path below `/v1/`). */
export function isAllowed(
  state: VaultState,
  token: TokenEntry,
  path: string,
  capability: Capability,
): boolean {
  if (token.policies.includes("root")) return true;
  const rules = token.policies.flatMap((name) => state.policies.get(name) ?? []);
  return capabilitiesFor(rules, path).has(capability);
}

/** The ACL denial body: `1 error occurred:\n\t* permission denied\n\n`. */
export function aclDenied(): VaultReply {
  return errorReply(403, [PERMISSION_DENIED.aclDenied]);
}
