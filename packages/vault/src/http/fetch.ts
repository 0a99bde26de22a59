import type { IncomingHttpHeaders } from "node:http";
import { decideRedirect } from "@keywarden/rules";
import type { Dispatcher } from "undici";
import { Deadline } from "./deadline.js";
import { HttpRedirectError } from "./errors.js";
import { type Answer, exchange, type Outgoing } from "./exchange.js";

/** Called like the global fetch: `(url, init)` (the SDK) or `(request)` (openapi-fetch, the Vault client). */
export type HttpFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A `fetch` over an undici dispatcher for clients that carry credentials: every request (its redirects and its
 * whole body included) ends within `requestMs` or when the caller's signal aborts; redirects follow
 * `redirects.ts`. Bodies are buffered both ways: the clients send strings and bytes and read whole
 * JSON answers, and a buffered request body is what a followed 307 sends again.
 */
export function createFetch(dispatcher: Dispatcher, requestMs: number): HttpFetch {
  return async (input, init) => {
    const request = await readRequest(input, init);
    const deadline = new Deadline(requestMs, request.signal);
    try {
      let url = request.url;
      for (let hops = 0; ; hops++) {
        const answer = await exchange(dispatcher, url, request, deadline);
        const location = answer.headers.location;
        const decision = decideRedirect(
          url,
          request.method,
          answer.status,
          Array.isArray(location) ? location[0] : location,
          request.redirect,
          hops,
        );
        if (decision.kind === "answer") return toResponse(answer, url, request.method);
        if (decision.kind === "refuse") throw new HttpRedirectError(decision.reason);
        url = decision.to;
      }
    } finally {
      deadline.finish();
    }
  };
}

interface ReadRequest extends Outgoing {
  readonly url: URL;
  readonly signal: AbortSignal | undefined;
  readonly redirect: RequestRedirect;
}

/** The request's parts, its body read into memory (init wins over a `Request`'s own, as in fetch). */
async function readRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<ReadRequest> {
  const request = typeof input === "object" && !(input instanceof URL) ? input : undefined;
  const headers = headerRecord(init?.headers ?? request?.headers);
  let body: string | Uint8Array | null;
  if (init?.body !== undefined) body = bodyBytes(init.body);
  else body = request?.body ? new Uint8Array(await request.arrayBuffer()) : null;
  if (typeof body === "string" && headers["content-type"] === undefined) {
    headers["content-type"] = "text/plain;charset=UTF-8";
  }
  return {
    url: new URL(request ? request.url : String(input)),
    method: (init?.method ?? request?.method ?? "GET").toUpperCase(),
    headers,
    body,
    signal: init?.signal ?? request?.signal ?? undefined,
    redirect: init?.redirect ?? request?.redirect ?? "follow",
  };
}

function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (init === undefined) return record;
  if (init instanceof Headers) {
    init.forEach((value, name) => {
      record[name] = value;
    });
    return record;
  }
  const pairs = Array.isArray(init) ? init : Object.entries(init);
  for (const [name, value] of pairs) {
    const key = name!.toLowerCase();
    record[key] = record[key] === undefined ? value! : `${record[key]}, ${value}`;
  }
  return record;
}

/** The bodies these clients send; a stream or a form would need a path nothing here uses. */
function bodyBytes(body: BodyInit | null): string | Uint8Array | null {
  if (body === null || typeof body === "string") return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError("this fetch sends string and byte bodies only");
}

function toResponse(answer: Answer, url: URL, method: string): Response {
  const empty = NULL_BODY_STATUSES.has(answer.status) || method === "HEAD";
  const response = new Response(empty ? null : (answer.body as Uint8Array<ArrayBuffer>), {
    status: answer.status,
    statusText: answer.statusText,
    headers: responseHeaders(answer.headers),
  });
  // A constructed Response has no URL; the SDK's errors name the one an answer came from.
  Object.defineProperty(response, "url", { value: url.href });
  return response;
}

function responseHeaders(headers: IncomingHttpHeaders): HeadersInit {
  let pairs: [string, string][] | undefined;
  for (const name in headers) {
    if (Array.isArray(headers[name])) {
      pairs = [];
      break;
    }
  }
  // the common case, no repeated header: the record as undici parsed it
  if (pairs === undefined) return headers as Record<string, string>;
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const each of value) pairs.push([name, each]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}
