// The standalone node adapter registers each Request it builds, with the URL it already parsed to
// route it. Handlers then reuse that URL instead of parsing `request.url` again, and know the
// response goes to the adapter (which writes known bodies itself, see known-body.ts).
const adapterUrls = new WeakMap<Request, URL>();

/** Registers a Request built by the node adapter, with its parsed URL (never mutated after). */
export function registerAdapterRequest(request: Request, url: URL): void {
  adapterUrls.set(request, url);
}

/** Whether the node adapter built this Request (false in-process). */
export function isAdapterRequest(request: Request): boolean {
  return adapterUrls.has(request);
}

/** The request's URL, parsed: the adapter's own when it built the request, otherwise parsed here. */
export function requestUrlOf(request: Request): URL {
  return adapterUrls.get(request) ?? new URL(request.url);
}
