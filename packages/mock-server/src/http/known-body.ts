// Responses the mock builds from a string keep that string here, so the node adapter can write it
// without reading the body back through a web stream (a measurable cost per request).
const knownBodies = new WeakMap<Response, string>();

/** A Response whose body text the node adapter can take as is. */
export function responseWithKnownBody(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  knownBodies.set(response, text);
  return response;
}

/** The body text of a Response built by {@link responseWithKnownBody}, if it still has it unread. */
export function knownBodyOf(response: Response): string | undefined {
  return response.bodyUsed ? undefined : knownBodies.get(response);
}
