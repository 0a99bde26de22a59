import type { IncomingMessage, ServerResponse } from "node:http";
import { getResponse, type RequestHandler } from "msw";
import { isNetworkError, type MockAnswer } from "../exchange/reply.js";
import type { HeaderBag, MockRequest } from "../exchange/request.js";
import type { MockService } from "../exchange/service.js";
import { serviceBehind } from "../msw/handler.js";
import {
  bodyIsRead,
  headerBagOf,
  NO_BODY,
  type ReadBody,
  readBody,
  requestUrl,
  socketAddressOf,
} from "./incoming.js";
import { takeListMethod } from "./list-method.js";
import { writeReply, writeResponse, writeServerError } from "./outgoing.js";

/** The handlers in order, with runs of plain msw handlers between the services met on the way. */
type Step = { service: MockService } | { handlers: RequestHandler[] };

/** What the server serves, and how. */
export interface Serving {
  steps: Step[];
  /** Body limit of the plain msw handlers. */
  handlerLimit: number;
  now: () => number;
}

/** The steps of a handler list: each mock service on its own, the msw handlers between them in runs. */
export function stepsOf(handlers: readonly RequestHandler[]): Step[] {
  const steps: Step[] = [];
  for (const handler of handlers) {
    const service = serviceBehind(handler);
    const last = steps.at(-1);
    if (service) steps.push({ service });
    else if (last && "handlers" in last) last.handlers.push(handler);
    else steps.push({ handlers: [handler] });
  }
  return steps;
}

/** One request being served: what was read of it, and where its answer goes. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  serving: Serving;
  method: string;
  url: URL;
  rawUrl: string;
  rawPath: string;
  body: ReadBody;
  text: string;
  headers: HeaderBag;
  address: string;
}

// Decodes as Request.text() does: UTF-8, a leading BOM dropped, bad bytes replaced.
const utf8 = new TextDecoder();

/**
 * Serves one request: the services directly, the plain msw handlers through msw's `getResponse`, in
 * order; unknown routes 404, oversized bodies 413, unreadable requests 400. A request without a body
 * whose service answers at once is answered in the same turn (a promise only when something had to
 * be waited for: a body, an injected delay, an msw handler), so the common request allocates no
 * promise.
 */
export function serve(req: IncomingMessage, res: ServerResponse, serving: Serving): void | Promise<void> {
  const isList = takeListMethod(req.socket);
  const method = isList ? "LIST" : (req.method ?? "GET").toUpperCase();
  // Vault's clients open a new connection after a LIST (see list-method.ts)
  if (isList) res.setHeader("connection", "close");
  const rawUrl = req.url ?? "/";
  if (!rawUrl.startsWith("/")) {
    return writeServerError(res, serving.now(), 400, rawUrl, "Request target must be an absolute path");
  }
  let url: URL;
  try {
    url = requestUrl(rawUrl, req.headers.host ?? "localhost");
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unreadable request";
    return writeServerError(res, serving.now(), 400, rawUrl, `Unreadable request: ${reason}`);
  }
  const query = rawUrl.indexOf("?");
  const rawPath = query === -1 ? rawUrl : rawUrl.slice(0, query);
  const exchange: Exchange = {
    req,
    res,
    serving,
    method,
    url,
    rawUrl,
    rawPath,
    body: NO_BODY,
    text: "",
    headers: headerBagOf(req),
    address: socketAddressOf(req),
  };
  if (!bodyIsRead(method)) return respond(exchange, 0);
  let limit = 0;
  for (const step of serving.steps) {
    limit = Math.max(limit, "service" in step ? step.service.bodyLimit(method, url) : serving.handlerLimit);
  }
  const body = readBody(req, limit);
  return body instanceof Promise
    ? body.then((read) => respond(withBody(exchange, read), 0))
    : respond(withBody(exchange, body), 0);
}

function withBody(exchange: Exchange, body: ReadBody): Exchange {
  // the rest of an unread body would be taken for the next request
  if (body.kind === "over-limit") exchange.res.setHeader("connection", "close");
  exchange.body = body;
  exchange.text = body.kind === "read" && body.bytes.length > 0 ? utf8.decode(body.bytes) : "";
  return exchange;
}

function isOver(body: ReadBody, limit: number): boolean {
  return body.kind === "over-limit" || body.bytes.length > limit;
}

/** Tries the steps from `from` on; the first that answers writes the response. */
function respond(exchange: Exchange, from: number): void | Promise<void> {
  const { serving, method, body } = exchange;
  const { steps } = serving;
  for (let index = from; index < steps.length; index++) {
    const step = steps[index]!;
    const next = index + 1;
    if ("service" in step) {
      const answer = step.service.answer(mockRequestOf(exchange, step.service));
      if (answer instanceof Promise) {
        return answer.then((late) => (late === undefined ? respond(exchange, next) : write(exchange, late)));
      }
      if (answer !== undefined) return write(exchange, answer);
    } else if (!isOver(body, serving.handlerLimit)) {
      let request: Request;
      try {
        request = fetchRequestOf(exchange);
      } catch (error) {
        const reason = error instanceof Error ? error.message : "unreadable request";
        const { res, rawUrl } = exchange;
        return writeServerError(res, serving.now(), 400, rawUrl, `Unreadable request: ${reason}`);
      }
      return getResponse(step.handlers, request).then((response) => {
        if (response === undefined) return respond(exchange, next);
        if (response.type === "error") return void exchange.req.socket.destroy();
        return writeResponse(exchange.res, response, method);
      });
    }
  }
  const { res, rawUrl, url } = exchange;
  if (isOver(body, serving.handlerLimit)) {
    const message = `Request body exceeds ${serving.handlerLimit} bytes`;
    return writeServerError(res, serving.now(), 413, rawUrl, message);
  }
  const path = url.pathname;
  const message = `No mock route for ${method} ${path.slice(0, 2048)}`;
  return writeServerError(res, serving.now(), 404, path, message);
}

function mockRequestOf(exchange: Exchange, service: MockService): MockRequest {
  const { method, url, rawPath, body, headers, address } = exchange;
  const oversized = isOver(body, service.bodyLimit(method, url));
  return { method, url, rawPath, headers, body: oversized ? "" : exchange.text, oversized, address };
}

function write(exchange: Exchange, answer: MockAnswer): void {
  // an injected network failure: the client must see the connection drop
  if (isNetworkError(answer)) return void exchange.req.socket.destroy();
  writeReply(exchange.res, answer, exchange.method);
}

/** A fetch Request for the user's own msw handlers. */
function fetchRequestOf({ req, method, url, body }: Exchange): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const bytes = body.kind === "read" ? body.bytes : undefined;
  const payload =
    bytes && bytes.length > 0
      ? new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length)
      : undefined;
  return new Request(url, { method, headers, body: payload });
}
