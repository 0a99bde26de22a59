import { HttpResponse, RequestHandler } from "msw";
import { isNetworkError, type MockAnswer, statusText } from "../exchange/reply.js";
import type { MockRequest } from "../exchange/request.js";
import type { MockService } from "../exchange/service.js";

// The node server serves a service's own handler by calling the service directly (no fetch Request,
// no msw run per request); this is how it recognises one in a list of handlers it is given.
const servicesByHandler = new WeakMap<RequestHandler, MockService>();

/** The service behind a handler made by {@link mswHandlerFor}, if it is one. */
export function serviceBehind(handler: RequestHandler): MockService | undefined {
  return servicesByHandler.get(handler);
}

// Decodes as Request.text() does: UTF-8, a leading BOM dropped, bad bytes replaced.
const utf8 = new TextDecoder();

/** In-process requests have no socket: the caller is this machine. */
const IN_PROCESS_ADDRESS = "127.0.0.1";

async function mockRequestOf(request: Request, service: MockService): Promise<MockRequest> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  let body = "";
  let oversized = false;
  if (request.body !== null && !request.bodyUsed) {
    // a request the service may pass on is read from a clone: a handler after this one (the mock's
    // extra handlers, a user's own) may still read its body
    const source = service.claims(method, url) ? request : request.clone();
    const bytes = await source.arrayBuffer();
    oversized = bytes.byteLength > service.bodyLimit(method, url);
    if (!oversized) body = utf8.decode(bytes);
  }
  return {
    method,
    url,
    rawPath: url.pathname,
    headers: request.headers,
    body,
    oversized,
    address: IN_PROCESS_ADDRESS,
  };
}

// Statuses whose Response may not carry a body.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A service's answer as a fetch Response, as the node server would have written it. */
function responseOf(answer: MockAnswer, method: string): Response {
  if (isNetworkError(answer)) return HttpResponse.error();
  const { status, headers, body } = answer;
  const empty = body === "" || method === "HEAD" || NULL_BODY_STATUSES.has(status);
  return new Response(empty ? null : body, { status, statusText: statusText(status), headers });
}

/**
 * A custom msw handler, as msw's docs describe them (a `RequestHandler` with its abstract `predicate`
 * and `log`): it takes every request and lets its resolver decide, so no path pattern is compiled
 * and no cookie parsed per request, as `http.all("*")` would.
 */
class MockServiceHandler extends RequestHandler {
  predicate(): boolean {
    return true;
  }

  log(): void {}
}

/**
 * The msw front end: one handler that hands each request to the service and turns its answer into a
 * Response. A request the service does not own falls through to the next handler.
 */
export function mswHandlerFor(service: MockService): RequestHandler {
  const handler = new MockServiceHandler({
    info: { header: "keywarden mock" },
    resolver: async ({ request }: { request: Request }) => {
      const mockRequest = await mockRequestOf(request, service);
      const answer = await service.answer(mockRequest);
      return answer === undefined ? undefined : responseOf(answer, mockRequest.method);
    },
  });
  servicesByHandler.set(handler, service);
  return handler;
}
