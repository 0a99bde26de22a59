import type { TokenEntry } from "../auth/tokens.js";
import { isPlainObject } from "../kv2/merge-patch.js";
import type { VaultState } from "../state.js";
import { envelope } from "../wire/envelope.js";
import { multiError, UNSUPPORTED_OPERATION } from "../wire/errors.js";
import { type GoStruct, goStruct } from "../wire/go-json.js";
import { errorReply, okReply, type VaultReply } from "../wire/reply.js";
import { parseVaultDuration, rfc3339Nano } from "../wire/time.js";
import { aclDenied, isAllowed } from "./authz.js";
import type { ParsedRequest } from "./request.js";

/** The `auth` block (Go `HTTPAuth`), fields in declaration order (contract §1.1). */
function authBlock(state: VaultState, token: TokenEntry): GoStruct {
  return goStruct({
    client_token: token.id,
    accessor: token.accessor,
    policies: token.policies,
    token_policies: token.policies.length > 0 ? token.policies : undefined,
    metadata: token.meta,
    lease_duration: state.tokens.ttlOf(token),
    renewable: token.renewable,
    entity_id: "",
    token_type: "service",
    orphan: token.orphan,
    mfa_requirement: null,
    num_uses: token.numUses,
  });
}

/** `data` of `lookup-self` (a Go map, so sorted on the wire); lease fields only for tokens with a lease. */
function lookupData(state: VaultState, token: TokenEntry): Record<string, unknown> {
  const data: Record<string, unknown> = {
    accessor: token.accessor,
    creation_time: Math.floor(token.creationMs / 1000),
    creation_ttl: token.creationTtl,
    display_name: token.displayName,
    entity_id: "",
    expire_time: token.expireMs === undefined ? null : rfc3339Nano(token.expireMs),
    explicit_max_ttl: token.explicitMaxTtl,
    id: token.id,
    meta: token.meta,
    num_uses: token.numUses,
    orphan: token.orphan,
    path: token.path,
    policies: token.policies,
    ttl: state.tokens.ttlOf(token),
    type: "service",
  };
  if (token.hasLease) {
    data.issue_time = rfc3339Nano(token.creationMs);
    data.renewable = token.renewable;
  }
  if (token.lastRenewalMs !== undefined) {
    data.last_renewal = rfc3339Nano(token.lastRenewalMs);
    data.last_renewal_time = Math.floor(token.lastRenewalMs / 1000);
  }
  return data;
}

/** `POST auth/<approle>/login` (§6.3): unauthenticated; `data` null, `mount_type` `""`, an `auth` block. */
export function handleAppRoleLogin(state: VaultState, body: unknown, requestId: string): VaultReply {
  const outcome = state.approle.login(isPlainObject(body) ? body : {});
  if (!outcome.ok) return errorReply(outcome.status, [outcome.message]);
  return okReply(envelope({ requestId, auth: authBlock(state, outcome.token), mountType: "" }));
}

/** `auth/token/lookup-self` and `auth/token/renew-self` (§6.1, §6.2). */
export function handleTokenSelf(
  state: VaultState,
  req: ParsedRequest,
  body: unknown,
  token: TokenEntry,
  requestId: string,
): VaultReply {
  const action = req.path.slice("auth/token/".length);
  const capability = req.operation === "read" ? "read" : "update";
  if (!isAllowed(state, token, req.path, capability)) return aclDenied();
  if (action === "lookup-self" && (req.operation === "read" || req.operation === "update")) {
    return okReply(envelope({ requestId, data: lookupData(state, token), mountType: "token" }));
  }
  if (action === "renew-self" && req.operation === "update") {
    const raw = isPlainObject(body) ? body.increment : undefined;
    const increment = raw === undefined ? 0 : parseVaultDuration(raw);
    if (increment === undefined) {
      return errorReply(400, [
        `Field validation failed: error converting input for field "increment": time: invalid duration ${JSON.stringify(String(raw))}`,
      ]);
    }
    const renewed = state.tokens.renew(token, increment);
    if (!renewed.ok) return errorReply(400, [renewed.message]);
    return okReply(
      envelope({ requestId, auth: authBlock(state, token), warnings: renewed.warnings, mountType: "token" }),
    );
  }
  if (action === "lookup-self" || action === "renew-self") return errorReply(405, [UNSUPPORTED_OPERATION]);
  return errorReply(404, [multiError(["unsupported path"])]);
}
