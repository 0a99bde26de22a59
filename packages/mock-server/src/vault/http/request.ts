import type { HeaderBag } from "../../exchange/request.js";
import { isPrintable } from "../kv2/custom-metadata.js";

/** A Vault logical operation, from the HTTP method (contract §2.1). */
export type Operation = "read" | "list" | "update" | "patch" | "delete" | "header";

/** The parts of an HTTP request the emulation reads (a `MockRequest` has them all). */
export interface VaultHttpRequest {
  method: string;
  url: URL;
  headers: HeaderBag;
  /**
   * The path as the request line carried it, when known (over a socket): `url.pathname` has had
   * its `.`/`..` segments removed by URL parsing, which Go's server answers with a redirect.
   */
  rawPath?: string;
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
  | { kind: "badEscape" }
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
function tokenFrom(headers: HeaderBag): string | undefined {
  const direct = headers.get("x-vault-token");
  if (direct !== null && direct !== "") return direct;
  const auth = headers.get("authorization");
  return auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined;
}

const PERCENT = 0x25;
const utf8 = new TextDecoder();

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * Go's `url.PathUnescape`, as `net/http` applies it to the request target: `%2F` becomes a `/`, and a
 * malformed escape (`%ZZ`, a truncated `%A`) fails, which Go's server answers before Vault sees the
 * request. Escaped bytes that are not UTF-8 (`%ff`) are kept by Go; here they read as U+FFFD, which is
 * how Go's JSON encoder writes them back.
 * @returns the decoded path, or undefined for a malformed escape
 */
export function goPathUnescape(path: string): string | undefined {
  if (!path.includes("%")) return path;
  // a request line's characters are its bytes (node:http reads it as latin1)
  const bytes = Buffer.from(path, "latin1");
  const out = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte !== PERCENT) {
      out[length++] = byte;
      continue;
    }
    const high = hexValue(bytes[i + 1]);
    const low = hexValue(bytes[i + 2]);
    if (high < 0 || low < 0) return undefined;
    out[length++] = high * 16 + low;
    i += 2;
  }
  return utf8.decode(out.subarray(0, length));
}

// Go's shouldEscape(encodePath): letters, digits, `-_.~` and `$&+,/:;=@` stay as they are
const PATH_SAFE = /^[A-Za-z0-9\-_.~$&+,/:;=@]$/;

/** Go's `url.URL.EscapedPath` of a decoded path, as the ServeMux redirect writes it in `Location`. */
function goEscapePath(path: string): string {
  let out = "";
  for (const char of path) {
    if (PATH_SAFE.test(char)) out += char;
    else
      for (const byte of Buffer.from(char, "utf8"))
        out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

// Confirmed in Vault 2.1's source (mirror fidelity-contributions/hashicorp-vault @ c6c940dde7e0):
// http/handler.go serves `/v1/` through an http.ServeMux, whose cleaning redirects `..`, `.` and `//`
// with a 301 (vault/external_tests/kv/kv_path_traversal_test.go expects it for `..` and `%2e%2e`),
// and wraps it in cleanhttp.PrintablePathCheckHandler (a bare 400); both read Go's decoded
// r.URL.Path, in which `%2F` is a `/`.

/**
 * Applies Go's and Vault's HTTP-level rules (§2.1, §2.2): decoding, non-printable paths, `..`/`//`
 * redirects, method to operation, `?list=`. Returns the parsed request or why it was rejected.
 */
export function parseRequest(req: VaultHttpRequest): ParsedRequest | RequestRejection {
  const decoded = goPathUnescape(req.rawPath ?? req.url.pathname);
  if (decoded === undefined) return { kind: "badEscape" };
  if (!isPrintable(decoded)) return { kind: "nonPrintable" };
  const cleaned = cleanPath(decoded);
  if (cleaned !== decoded) return { kind: "redirect", location: `${goEscapePath(cleaned)}${req.url.search}` };
  let operation = METHODS[req.method.toUpperCase()];
  if (!operation) return { kind: "badMethod" };
  let path = decoded.replace(/^\/v1\//, "");
  const query: Record<string, string> = {};
  for (const [k, v] of req.url.searchParams) if (!Object.hasOwn(query, k)) query[k] = v;
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
