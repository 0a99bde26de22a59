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
const NO_BYTES = Buffer.alloc(0);

/** The body, or `over-limit` once it passes `limit` (the rest is then left unread). */
export function readBody(req: IncomingMessage, method: string, limit: number): Promise<ReadBody> {
  if (METHODS_WITHOUT_BODY.has(method)) return Promise.resolve({ kind: "read", bytes: NO_BYTES });
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ kind: "over-limit" });
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
 * (node's own `headers` keeps only the first of some, such as `authorization`).
 */
export function headerBagOf(req: IncomingMessage): HeaderBag {
  return {
    get(name) {
      const values = req.headersDistinct[name.toLowerCase()];
      return values === undefined ? null : values.join(", ");
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
