import type { IncomingMessage } from "node:http";
import type { HeaderBag } from "../exchange/request.js";
import { normalizeAddress } from "../http/client-address.js";

/** A request body as read off the socket. */
export type ReadBody =
  | { kind: "read"; bytes: Buffer }
  /** Past the largest limit anyone takes: left unread (the connection closes after the answer). */
  | { kind: "over-limit" };

/** Methods whose body nobody reads (Vault's LIST included). */
const METHODS_WITHOUT_BODY = new Set(["GET", "HEAD", "LIST"]);

/** The body of a request whose body nobody reads. */
export const NO_BODY: ReadBody = Object.freeze({ kind: "read", bytes: Buffer.alloc(0) });

/** Whether a request with this method has its body read (not for GET, HEAD or LIST). */
export function bodyIsRead(method: string): boolean {
  return !METHODS_WITHOUT_BODY.has(method);
}

/**
 * The body, or `over-limit` once it passes `limit` (the rest is then left unread); known at once,
 * without waiting for the socket, when the declared length is over the limit.
 */
export function readBody(req: IncomingMessage, limit: number): ReadBody | Promise<ReadBody> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return { kind: "over-limit" };
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve({ kind: "over-limit" });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      resolve({ kind: "read", bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }),
    );
    req.on("error", reject);
  });
}

/**
 * The request's headers read as fetch's `Headers.get` reads them: repeated headers joined by `", "`
 * (node's own `headers` keeps only the first of some, such as `authorization`). Read straight from
 * the raw name/value list: a request's few lookups cost less than node building `headersDistinct`,
 * an array per header.
 */
export function headerBagOf(req: IncomingMessage): HeaderBag {
  const raw = req.rawHeaders;
  return {
    get(name) {
      const wanted = name.toLowerCase();
      let joined: string | null = null;
      for (let i = 0; i < raw.length; i += 2) {
        const field = raw[i]!;
        if (field.length === wanted.length && field.toLowerCase() === wanted) {
          joined = joined === null ? raw[i + 1]! : `${joined}, ${raw[i + 1]!}`;
        }
      }
      return joined;
    },
  };
}

// The same few clients call again and again: each socket address is normalised once.
const normalizedAddresses = new Map<string, string>();

/** The socket's peer address, normalised as the services compare addresses (`::ffff:` mapping). */
export function socketAddressOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "";
  let normalized = normalizedAddresses.get(address);
  if (normalized === undefined) {
    normalized = normalizeAddress(address);
    if (normalizedAddresses.size >= 1024) normalizedAddresses.clear();
    normalizedAddresses.set(address, normalized);
  }
  return normalized;
}

// A host of letters, digits, dots, colons, dashes and brackets (a name or an address, and a port).
const PLAIN_HOST = /^[A-Za-z0-9.:[\]-]+$/;

/**
 * The URL of a request target (a path starting with `/`) sent with this `Host`: the target resolved
 * against `http://<host>`. When the host is plain and the target does not start with `//` or `/\`
 * (which would make it name a host of its own), appending the target to the origin gives the same
 * URL with one parse instead of two.
 * @throws {TypeError} when no URL can be made of them (`ERR_INVALID_URL`)
 */
export function requestUrl(target: string, host: string): URL {
  const second = target.charCodeAt(1);
  if (second !== 0x2f && second !== 0x5c && PLAIN_HOST.test(host)) return new URL(`http://${host}${target}`);
  return new URL(target, `http://${host}`);
}
