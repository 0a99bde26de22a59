import { randomUuid } from "../../random.js";
import { healthCheck } from "../health.js";
import type { VaultState } from "../state.js";
import { emptyReply, errorReply, okReply, type VaultReply } from "../wire/reply.js";
import { handleAppRoleLogin, handleTokenSelf } from "./auth-route.js";
import { aclDenied, authenticate, isAllowed } from "./authz.js";
import { checkPatchContentType, decodeBody } from "./body.js";
import { checkJsonLimits } from "./json-limits.js";
import { handleKv } from "./kv-route.js";
import { type ParsedRequest, parseRequest, type VaultHttpRequest } from "./request.js";
import { CAPABILITIES_SELF_PATH, handleCapabilitiesSelf } from "./sys-capabilities.js";

const MAX_TOKEN_HEADER = 8192;

/** Headers on every Vault response (contract §1.3), plus the namespace echo. */
function commonHeaders(namespace: string | null): Record<string, string> {
  return {
    "Cache-Control": "no-store",
    "Content-Type": "application/json",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    ...(namespace ? { "X-Vault-Namespace": namespace } : {}),
  };
}

function withHeaders(reply: VaultReply, namespace: string | null): VaultReply {
  return { ...reply, headers: { ...commonHeaders(namespace), ...reply.headers } };
}

function health(state: VaultState, req: VaultHttpRequest, parsed: ParsedRequest): VaultReply {
  if (parsed.operation !== "read" && parsed.operation !== "header") return errorReply(405);
  const outcome = healthCheck(state.server, req.url.searchParams, state.now());
  if (!outcome.ok) return errorReply(400);
  if (parsed.operation === "header") return emptyReply(outcome.status);
  return okReply(outcome.body, outcome.status);
}

function route(state: VaultState, req: VaultHttpRequest, parsed: ParsedRequest): VaultReply {
  if (parsed.path === "sys/health") return health(state, req, parsed);
  if (state.server.sealed) return errorReply(503, ["Vault is sealed"]);
  const isPatch = parsed.operation === "patch";
  if (isPatch) {
    const bad = checkPatchContentType(req.headers.get("content-type"));
    if (bad) return errorReply(bad.status, [bad.message]);
  }
  // Vault's http/logical.go parses a body for POST, PUT and PATCH only; a read, list or delete
  // takes its data from the query, whatever body came with it
  const text = parsed.operation === "update" || isPatch ? req.body : "";
  const overLimit = checkJsonLimits(text);
  if (overLimit) return errorReply(500, [overLimit]);
  const body = decodeBody(text, req.headers.get("content-type"), isPatch);
  if (!body.ok) return errorReply(body.status, [body.message]);
  if ((parsed.operation === "update" || isPatch) && parsed.path.endsWith("/")) {
    return errorReply(400, ["cannot write to a path ending in '/'"]);
  }
  const requestId = randomUuid(state.randomBytes);
  if (parsed.path === `auth/${state.approle.mount}/login` && parsed.operation === "update") {
    return handleAppRoleLogin(state, body.value, requestId);
  }
  const auth = authenticate(state, parsed.token);
  if (!auth.ok) return auth.reply;
  if (parsed.path.startsWith("auth/token/"))
    return handleTokenSelf(state, parsed, body.value, auth.token, requestId);
  if (parsed.path === CAPABILITIES_SELF_PATH)
    return handleCapabilitiesSelf(state, parsed, body.value, auth.token, requestId);
  const mountName = parsed.path.split("/")[0] ?? "";
  const mount = state.mounts.get(mountName);
  if (mount && parsed.path.length > mountName.length) {
    return handleKv(state, mountName, mount, parsed, body.value, auth.token, requestId);
  }
  const capability = parsed.operation === "list" ? "list" : parsed.operation === "update" ? "update" : "read";
  if (!isAllowed(state, auth.token, parsed.path, capability)) return aclDenied();
  return errorReply(404, [`no handler for route ${JSON.stringify(parsed.path)}. route entry not found.`]);
}

/**
 * Answers one HTTP request below `/v1/` as Vault would: Go's HTTP rules first (size, path, method),
 * then seal state, body, auth, ACL, and the engine. Pure over `state`; no MSW involved.
 */
export function handleVaultRequest(state: VaultState, req: VaultHttpRequest): VaultReply {
  const namespace = req.headers.get("x-vault-namespace");
  if (req.oversized || Buffer.byteLength(req.body) > state.maxRequestSize) {
    return withHeaders(
      errorReply(413, ["error parsing JSON: failed to parse JSON input: http: request body too large"]),
      namespace,
    );
  }
  const token = req.headers.get("x-vault-token") ?? "";
  if (token.length > MAX_TOKEN_HEADER) {
    return withHeaders(
      errorReply(431, [
        `authentication token exceeds maximum allowed header size of ${MAX_TOKEN_HEADER} bytes`,
      ]),
      namespace,
    );
  }
  const parsed = parseRequest(req);
  if ("kind" in parsed) {
    // Go's net/http refuses a malformed escape itself (server.go: "400 Bad Request" as plain text,
    // then it closes the connection), so none of Vault's headers are on it
    if (parsed.kind === "badEscape") {
      return {
        status: 400,
        body: "400 Bad Request",
        headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" },
      };
    }
    if (parsed.kind === "nonPrintable") return withHeaders(emptyReply(400), namespace);
    if (parsed.kind === "redirect")
      return withHeaders({ status: 301, body: "", headers: { Location: parsed.location } }, namespace);
    if (parsed.kind === "badMethod") return withHeaders(errorReply(405), namespace);
    return withHeaders(errorReply(400), namespace);
  }
  return withHeaders(route(state, req, parsed), namespace);
}
