// The standalone node adapter registers each Request it builds, with the URL it already parsed to
// route it and the body bytes it already read. Handlers then reuse those instead of parsing
// `request.url` again or reading the body back through a web stream, and know the response goes to
// the adapter (which writes known bodies itself, see known-body.ts).
const adapterUrls = new WeakMap<Request, URL>();
const adapterBodies = new WeakMap<Request, Uint8Array>();

/** Registers a Request built by the node adapter, with its parsed URL and body (never mutated after). */
export function registerAdapterRequest(request: Request, url: URL, body?: Uint8Array): void {
  adapterUrls.set(request, url);
  if (body) adapterBodies.set(request, body);
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
