// The standalone node adapter registers each Request it builds, with the URL it already parsed to
// route it and the body bytes it already read. Handlers then reuse those instead of parsing
// `request.url` again or reading the body back through a web stream, and know the response goes to
// the adapter (which writes known bodies itself, see known-body.ts).
const adapterUrls = new WeakMap<Request, URL>();
const adapterBodies = new WeakMap<Request, Uint8Array>();
const rawPaths = new WeakMap<Request, string>();
const oversized = new WeakSet<Request>();

/** What the node adapter knows of a request beyond the Request itself. */
export interface AdapterRequestFacts {
  /** The body bytes it read. */
  body?: Uint8Array;
  /** The path as the request line carried it, before URL parsing removed `.`/`..` segments. */
  rawPath: string;
  /** The body was larger than any handler takes, so it was not read (the Request has none). */
  oversized?: boolean;
}

/** Registers a Request built by the node adapter, with its parsed URL and body (never mutated after). */
export function registerAdapterRequest(request: Request, url: URL, facts: AdapterRequestFacts): void {
  adapterUrls.set(request, url);
  rawPaths.set(request, facts.rawPath);
  if (facts.body) adapterBodies.set(request, facts.body);
  if (facts.oversized) oversized.add(request);
}

/**
 * The request's path as the client sent it: over a socket the request line's (so a server can
 * answer `..` or `//` as its real counterpart does), in-process the URL's, already normalised by
 * whoever built the Request.
 */
export function rawPathOf(request: Request): string {
  return rawPaths.get(request) ?? requestUrlOf(request).pathname;
}

/** Whether the node adapter left the body unread because it was over every handler's limit. */
export function isOversizedRequest(request: Request): boolean {
  return oversized.has(request);
}

/** Whether the node adapter built this Request (false in-process). */
export function isAdapterRequest(request: Request): boolean {
  return adapterUrls.has(request);
}

/** The request's URL, parsed: the adapter's own when it built the request, otherwise parsed here. */
export function requestUrlOf(request: Request): URL {
  return adapterUrls.get(request) ?? new URL(request.url);
}

// Decodes as Request.text() does: UTF-8, a leading BOM dropped, bad bytes replaced.
const utf8 = new TextDecoder();

/**
 * The request body as `request.text()` reads it ("" when there is none); from the adapter's bytes
 * when it built the request. A body an earlier custom handler already consumed reads as none, for
 * every route alike (reading it again would throw).
 */
export function requestBodyText(request: Request): Promise<string> {
  const body = adapterBodies.get(request);
  if (body !== undefined && !request.bodyUsed) return Promise.resolve(utf8.decode(body));
  if (request.body === null || request.bodyUsed) return Promise.resolve("");
  return request.text();
}
