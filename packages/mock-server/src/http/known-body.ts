import { isAdapterRequest } from "./adapter-request.js";

// Responses the mock builds from a string keep that string here, so the node adapter can write it
// without reading the body back through a web stream (a measurable cost per request).
const knownBodies = new WeakMap<Response, string>();

// True only while a handler runs synchronously for a request of the node adapter. JavaScript runs
// one thing at a time, so a Response built inside that window can only be that request's answer,
// and the adapter writes its known text itself: building a body stream nobody reads (a
// ReadableStream per response, the largest single cost of a small answer) is skipped.
let answeringAdapter = false;

/**
 * Runs the synchronous part of a handler, marking the Responses it builds as going to the node
 * adapter when the request came from it. In-process requests run exactly as before.
 */
export function answering<T>(request: Request, run: () => T): T {
  if (answeringAdapter || !isAdapterRequest(request)) return run();
  answeringAdapter = true;
  try {
    return run();
  } finally {
    answeringAdapter = false;
  }
}

// Statuses whose Response may not carry a body: built the usual way, so they fail as before.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A Response whose body text the node adapter can take as is. */
export function responseWithKnownBody(text: string, init: ResponseInit): Response {
  let response: Response;
  if (answeringAdapter && !NULL_BODY_STATUSES.has(init.status ?? 200)) {
    const headers = new Headers(init.headers);
    // what `new Response(text)` adds when the caller names no type
    if (!headers.has("content-type")) headers.set("content-type", "text/plain;charset=UTF-8");
    response = new Response(null, { ...init, headers });
  } else {
    response = new Response(text, init);
  }
  knownBodies.set(response, text);
  return response;
}

/**
 * The body text of a Response built by {@link responseWithKnownBody}, if it still has it unread.
 * Readers on the server side use this first: a Response built for the adapter has no body stream.
 */
export function knownBodyOf(response: Response): string | undefined {
  return response.bodyUsed ? undefined : knownBodies.get(response);
}
