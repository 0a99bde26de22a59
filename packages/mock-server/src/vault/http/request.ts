import { isPrintable } from "../kv2/custom-metadata.js";

/** A Vault logical operation, from the HTTP method (contract §2.1). */
export type Operation = "read" | "list" | "update" | "patch" | "delete" | "header";

/** The parts of an HTTP request the emulation reads. Built from a fetch `Request` by the MSW handler. */
export interface VaultHttpRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The raw body text (`""` when none). */
  body: string;
  /** Set when the declared body size was already over the limit, so it was not read. */
  oversized?: boolean;
}

/** A request after Go's routing steps: decoded path below `/v1/`, operation and query data. */
export interface ParsedRequest {
  /** Decoded path without `/v1/`, e.g. `secret/data/app`; LIST gets a trailing `/`. */
  path: string;
  operation: Operation;
  query: Record<string, string>;
  token: string | undefined;
  namespace: string | undefined;
}

/** Why a request never reached routing: the reply Go's HTTP layer writes instead. */
export type RequestRejection =
  | { kind: "nonPrintable" }
  | { kind: "redirect"; location: string }
  | { kind: "badMethod" }
  | { kind: "badList" };

const METHODS: Record<string, Operation> = {
  GET: "read",
  LIST: "list",
  POST: "update",
  PUT: "update",
  PATCH: "patch",
  DELETE: "delete",
  HEAD: "header",
};

/** Go's `path.Clean` for an absolute path: no `.`/`..` segments, no repeated slashes, trailing slash kept. */
function cleanPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  const cleaned = `/${out.join("/")}`;
  return path.endsWith("/") && cleaned !== "/" ? `${cleaned}/` : cleaned;
}

/** The token from `X-Vault-Token`, else from `Authorization: Bearer <t>` (§3). */
function tokenFrom(headers: Headers): string | undefined {
  const direct = headers.get("x-vault-token");
  if (direct !== null && direct !== "") return direct;
  const auth = headers.get("authorization");
  return auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined;
}

/**
 * Applies Go's and Vault's HTTP-level rules (§2.1, §2.2): decoding, non-printable paths, `..`/`//`
 * redirects, method to operation, `?list=`. Returns the parsed request or why it was rejected.
 */
export function parseRequest(req: VaultHttpRequest): ParsedRequest | RequestRejection {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.url.pathname);
  } catch {
    return { kind: "nonPrintable" };
  }
  if (!isPrintable(decoded)) return { kind: "nonPrintable" };
  const cleaned = cleanPath(decoded);
  if (cleaned !== decoded) return { kind: "redirect", location: `${cleaned}${req.url.search}` };
  let operation = METHODS[req.method.toUpperCase()];
  if (!operation) return { kind: "badMethod" };
  let path = decoded.replace(/^\/v1\//, "");
  const query: Record<string, string> = {};
  for (const [k, v] of req.url.searchParams) if (!(k in query)) query[k] = v;
  if (operation === "read" && query.list !== undefined) {
    const list = parseGoBool(query.list);
    if (list === undefined) return { kind: "badList" };
    delete query.list;
    if (list) operation = "list";
  }
  if (operation === "list" && !path.endsWith("/")) path += "/";
  return {
    path,
    operation,
    query,
    token: tokenFrom(req.headers),
    namespace: req.headers.get("x-vault-namespace") ?? undefined,
  };
}

/** Go's `strconv.ParseBool`. */
export function parseGoBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}
