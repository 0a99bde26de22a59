/**
 * `sys/capabilities-self`: what the request's own token may do on each of the given paths.
 *
 * Nothing here is in kv2-contract.md, so every rule was read in Vault's source: hashicorp/vault at
 * c6c940dde7e0 (2.1.0-beta1, read from the mirror fidelity-contributions/hashicorp-vault, as the
 * contract's other VAULT facts were). **(code)**: not compared with a running server.
 * - `vault/logical_system_paths.go` `capabilitiesPaths`: pattern `capabilities-self$`, fields `token`,
 *   `path` (deprecated), `paths`, `namespace`, the slices `TypeCommaStringSlice`; only
 *   `UpdateOperation` (so POST and PUT), no existence check: the ACL needs `update` on the path itself,
 *   which Vault's `default` policy grants (`vault/policy_store.go`).
 * - `vault/logical_system.go` `handleCapabilities`: `paths`, else `path`; neither →
 *   `logical.ErrorResponse("paths must be supplied")` (400, the plain text); the `token` field is
 *   ignored for `-self`; one entry per path in `data`, plus `capabilities` (a copy) when exactly one
 *   path was given, "for backwards compatibility".
 * - `vault/capabilities.go`: an empty path is `StatusBadRequest{"missing path"}` (a routing error, so
 *   multierror-wrapped like §2.2's 405); no policies → `["deny"]`; the list is `sort.Strings`-ed.
 *   `vault/acl.go` `CapabilitiesAndSubscribeEventTypes`: root → `["root"]`; none or `deny` → `["deny"]`.
 * - `http/handler.go` lists `/v1/sys/capabilities-self` in `injectDataIntoTopRoutes`, so the answer
 *   goes through `sdk/logical/translate_response.go` `HTTPSysInjector`: **every `data` entry is also
 *   written at the top level, before the envelope's own fields** (`{"<path>":[...],...,"request_id":`).
 *   Go writes those injected entries in map iteration order, which is random per response; the
 *   emulation writes them sorted, one of the orders Vault may produce, so clients must look keys up
 *   rather than rely on position. The injector writes `"%s: %s, "`, but `json.Encoder` compacts a
 *   `MarshalJSON` result, so the wire has no spaces. A path named like an envelope field (`data`,
 *   `auth`, ...) makes a duplicate key, exactly as in Vault.
 * - `mount_type` is `"system"` (`vault/mount.go` `mountTypeSystem`, set by `request_handling.go`).
 * - `sdk/framework/backend.go`: unknown body fields give the "Endpoint ignored these unrecognized
 *   parameters" warning; a deprecated field (`path`) gives none.
 * - go-secure-stdlib `parseutil.ParseCommaStringSlice`: a string is split on `,`, an array is taken as
 *   is (scalars weakly decoded: numbers as text, booleans `1`/`0`, null `""`), every element trimmed.
 */

import { reportedCapabilities } from "../auth/policies.js";
import type { TokenEntry } from "../auth/tokens.js";
import { isPlainObject } from "../kv2/merge-patch.js";
import type { VaultState } from "../state.js";
import { envelope } from "../wire/envelope.js";
import { multiError, UNSUPPORTED_OPERATION } from "../wire/errors.js";
import { compareBytes, goMarshal } from "../wire/go-json.js";
import { errorReply, type VaultReply } from "../wire/reply.js";
import { aclDenied, isAllowed } from "./authz.js";
import { unknownParamsWarning } from "./outcome.js";
import type { ParsedRequest } from "./request.js";

/** The path this module serves, below `/v1/`. */
export const CAPABILITIES_SELF_PATH = "sys/capabilities-self";

const FIELDS = ["token", "path", "paths", "namespace"];

/** `TypeCommaStringSlice` decoding; `undefined` when the value cannot be converted. */
function commaStringSlice(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null || raw === "") return [];
  const scalar = (value: unknown): string | undefined => {
    if (value === null) return "";
    if (typeof value === "string") return value;
    if (typeof value === "number") return String(value);
    if (typeof value === "boolean") return value ? "1" : "0";
    return undefined;
  };
  if (typeof raw === "string") return raw.split(",").map((s) => s.trim());
  const items = Array.isArray(raw) ? raw : isPlainObject(raw) && Object.keys(raw).length === 0 ? [] : [raw];
  const out: string[] = [];
  for (const item of items) {
    const text = scalar(item);
    if (text === undefined) return undefined;
    out.push(text.trim());
  }
  return out;
}

/** The token's capabilities on one path, as Vault reports them. */
function capabilitiesOf(state: VaultState, token: TokenEntry, path: string): string[] {
  if (token.policies.includes("root")) return ["root"];
  if (token.policies.length === 0) return ["deny"];
  const rules = token.policies.flatMap((name) => state.policies.get(name) ?? []);
  return reportedCapabilities(rules, path);
}

/**
 * Serves `sys/capabilities-self` for an authenticated token (a missing or invalid token was already
 * answered 403 by the generic token check, as Vault's `CheckToken` does before routing).
 */
export function handleCapabilitiesSelf(
  state: VaultState,
  req: ParsedRequest,
  body: unknown,
  token: TokenEntry,
  requestId: string,
): VaultReply {
  // The ACL is checked before the backend sees the operation, so a default-policy token gets 403 on
  // a GET, and only a token allowed that operation learns it is unsupported.
  const capability =
    req.operation === "update"
      ? "update"
      : req.operation === "header"
        ? "read"
        : req.operation === "list"
          ? "list"
          : req.operation;
  if (!isAllowed(state, token, req.path, capability)) return aclDenied();
  if (req.operation !== "update") return errorReply(405, [UNSUPPORTED_OPERATION]);

  const fields = isPlainObject(body) ? body : {};
  for (const name of ["paths", "path"]) {
    if (commaStringSlice(fields[name]) === undefined) {
      // Vault appends mapstructure's own description here; the emulation does not reproduce it
      return errorReply(400, [
        `Field validation failed: error converting input for field ${JSON.stringify(name)}: cannot convert to a list of strings`,
      ]);
    }
  }
  let paths = commaStringSlice(fields.paths) as string[];
  if (paths.length === 0) paths = commaStringSlice(fields.path) as string[];
  if (paths.length === 0) return errorReply(400, ["paths must be supplied"]);

  const data = new Map<string, string[]>();
  for (const path of paths) {
    if (path === "") return errorReply(400, [multiError(["missing path"])]);
    data.set(path, capabilitiesOf(state, token, path));
  }
  if (paths.length === 1) data.set("capabilities", data.get(paths[0] as string) as string[]);

  const sorted = [...data.entries()].sort(([a], [b]) => compareBytes(a, b));
  const injected = sorted.map(([k, v]) => `${goMarshal(k)}:${goMarshal(v)},`).join("");
  const wrapped = goMarshal(
    envelope({
      requestId,
      data: new Map(sorted),
      warnings: unknownParamsWarning(body, FIELDS),
      mountType: "system",
    }),
  );
  return { status: 200, body: `{${injected}${wrapped.slice(1)}\n` };
}
