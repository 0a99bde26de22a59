import type { Capability } from "../auth/policies.js";
import type { TokenEntry } from "../auth/tokens.js";
import { readConfig, writeConfig } from "../kv2/config.js";
import { deleteLatest, patchData, readData, writeData } from "../kv2/data.js";
import { listKeys } from "../kv2/list.js";
import { deleteMetadata, patchMetadata, readMetadata, writeMetadata } from "../kv2/metadata.js";
import type { KvContext, KvMount, KvOutcome } from "../kv2/types.js";
import { deleteVersions, destroyVersions, undeleteVersions } from "../kv2/version-ops.js";
import type { VaultState } from "../state.js";
import { envelope } from "../wire/envelope.js";
import { UNSUPPORTED_OPERATION } from "../wire/errors.js";
import { errorReply, rawReply, type VaultReply } from "../wire/reply.js";
import { aclDenied, isAllowed } from "./authz.js";
import { kvReply, unknownParamsWarning } from "./outcome.js";
import type { Operation, ParsedRequest } from "./request.js";

const ROOTS = ["data", "metadata", "delete", "undelete", "destroy"];
const VERB: Record<Operation, string> = {
  read: "get",
  update: "put",
  patch: "patch",
  list: "list",
  delete: "delete",
  header: "get",
};
const DATA_FIELDS = ["data", "options", "version", "path"];

/** A KV request, resolved to one handler and the capability it needs. */
interface KvCall {
  capability: Capability;
  run: () => KvOutcome;
  warnings?: string[];
}

function invalidPath(requestId: string, operation: Operation, root: boolean): VaultReply {
  const warning = root
    ? "Non-listing operations on the root of a K/V v2 mount are not supported."
    : `Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv ${VERB[operation]}' for this operation.`;
  return rawReply(404, envelope({ requestId, warnings: [warning], mountType: "" }));
}

function resolve(
  mount: KvMount,
  rest: string,
  req: ParsedRequest,
  body: unknown,
  ctx: KvContext,
): KvCall | "unsupported" | "invalid" | "root" {
  const op = req.operation;
  const writeCap = (path: string): Capability => (mount.keys.has(path) ? "update" : "create");
  if (rest === "config") {
    if (op === "read") return { capability: "read", run: () => readConfig(mount) };
    if (op === "update") return { capability: "update", run: () => writeConfig(mount, body) };
    return "unsupported";
  }
  const slash = rest.indexOf("/");
  const root = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? "" : rest.slice(slash + 1);
  if (!ROOTS.includes(root)) return "invalid";
  if (path === "" && op !== "list") return "root";
  if (root === "data") {
    if (path.endsWith("/") || op === "list") return "invalid";
    if (op === "read") {
      return {
        capability: "read",
        run: () => readData(mount, path, req.query.version, ctx),
        warnings: unknownParamsWarning(req.query, DATA_FIELDS),
      };
    }
    if (op === "update") {
      return {
        capability: writeCap(path),
        run: () => writeData(mount, path, body, ctx),
        warnings: unknownParamsWarning(body, DATA_FIELDS),
      };
    }
    if (op === "patch") return { capability: "patch", run: () => patchData(mount, path, body, ctx) };
    if (op === "delete") return { capability: "delete", run: () => deleteLatest(mount, path, ctx) };
    return "unsupported";
  }
  if (root === "metadata") {
    if (op === "list") {
      return {
        capability: "list",
        run: () => listKeys(mount, path, req.query.exclude_deleted === "true", ctx),
      };
    }
    if (op === "read") return { capability: "read", run: () => readMetadata(mount, path) };
    if (op === "update")
      return { capability: writeCap(path), run: () => writeMetadata(mount, path, body, ctx) };
    if (op === "patch") return { capability: "patch", run: () => patchMetadata(mount, path, body, ctx) };
    if (op === "delete") return { capability: "delete", run: () => deleteMetadata(mount, path) };
    return "unsupported";
  }
  if (op === "list") return "invalid";
  if (op !== "update") return "unsupported";
  const run =
    root === "delete"
      ? () => deleteVersions(mount, path, body, ctx)
      : root === "undelete"
        ? () => undeleteVersions(mount, path, body, ctx)
        : () => destroyVersions(mount, path, body, ctx);
  return { capability: "update", run };
}

/** Serves one request on a KV v2 mount: ACL check, then the pure KV rule, then the wire reply. */
export function handleKv(
  state: VaultState,
  mountName: string,
  mount: KvMount,
  req: ParsedRequest,
  body: unknown,
  token: TokenEntry,
  requestId: string,
): VaultReply {
  const rest = req.path.slice(mountName.length + 1);
  const ctx: KvContext = { nowMs: state.now(), actor: token.displayName };
  const call = resolve(mount, rest, req, body, ctx);
  const capability: Capability =
    typeof call === "object" ? call.capability : req.operation === "list" ? "list" : "read";
  if (!isAllowed(state, token, req.path, capability)) return aclDenied();
  if (call === "unsupported") return errorReply(405, [UNSUPPORTED_OPERATION]);
  if (call === "invalid" || call === "root") return invalidPath(requestId, req.operation, call === "root");
  return kvReply(call.run(), requestId, call.warnings ?? []);
}
