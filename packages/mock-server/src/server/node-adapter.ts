import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { redactSecretQuery } from "@keywarden/rules";
import { getResponse, type RequestHandler } from "msw";
import { isNetworkError } from "../exchange/reply.js";
import type { MockRequest } from "../exchange/request.js";
import type { MockService } from "../exchange/service.js";
import { serviceBehind } from "../msw/handler.js";
import { headerBagOf, readBody, socketAddressOf } from "./incoming.js";
import { acceptListMethod, takeListMethod } from "./list-method.js";
import { writeReply, writeResponse, writeServerError } from "./outgoing.js";

/** One line's worth of facts about a served request. Never holds headers or bodies. */
export interface RequestLogEntry {
  method: string;
  /** Path and query, with `access_token` values redacted. */
  path: string;
  status: number;
  durationMs: number;
  address: string;
}

/** Options of {@link startMockServer}. */
export interface StartMockServerOptions {
  /**
   * MSW request handlers to serve, tried in order (e.g. `createKeyServiceMock().handlers`). The
   * mock's own handlers are served by calling the mock directly; any others through msw's
   * `getResponse`.
   */
  handlers: readonly RequestHandler[];
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Called once per request after the response is sent (the CLI prints it). */
  onRequestLog?: (entry: RequestLogEntry) => void;
  /**
   * Largest request body read for your own msw handlers; larger ones get 413. Default 1 MiB. The
   * mock's services set their own (the key service 1 MiB, Vault 32 MiB) and answer larger ones.
   */
  bodyLimitBytes?: number;
  /**
   * The clock of the server's own error bodies (unknown route, 413, 400, 500), in epoch ms; default
   * `Date.now`. Pass the mock's (`mock.clock.now`) so they agree with the services' timestamps.
   */
  now?: () => number;
}

/** A running standalone server. */
export interface RunningMockServer {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** Stops accepting connections, closes open ones, resolves when the socket is closed. */
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The handlers in order, with runs of plain msw handlers between the services met on the way. */
type Step = { service: MockService } | { handlers: RequestHandler[] };

function stepsOf(handlers: readonly RequestHandler[]): Step[] {
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

/**
 * The node:http front end: serves the mock's services directly (no fetch `Request` or `Response`
 * per request) and any other msw handlers through msw's `getResponse`, in the order given. Unknown
 * routes answer 404, oversized bodies 413, unreadable requests 400; a failure answers 500. The
 * process never crashes on client input. Requests with the method LIST (Vault's clients) are
 * accepted, although node:http does not know it.
 * @example
 * const mock = createKeyServiceMock();
 * const server = await startMockServer({ handlers: mock.handlers, port: 0 });
 * await fetch(`${server.url}/api/authenticate`, { method: "POST", body: "{}" });
 * await server.close();
 */
export async function startMockServer(options: StartMockServerOptions): Promise<RunningMockServer> {
  const host = options.host ?? "127.0.0.1";
  const serving: Serving = {
    steps: stepsOf(options.handlers),
    handlerLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    now: options.now ?? Date.now,
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    serve(req, res, serving)
      .catch(() => writeServerError(res, serving.now(), 500, req.url ?? "", "The mock failed"))
      .finally(() => {
        options.onRequestLog?.({
          method: req.method ?? "?",
          path: redactPath(req.url ?? ""),
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          address: req.socket.remoteAddress ?? "",
        });
      });
  });
  // A client has 10 s to send its head and 30 s for the whole request (Vault's listener defaults,
  // http_read_header_timeout and http_read_timeout): a slow sender cannot hold a socket for Node's
  // default five minutes.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // A malformed request line or header never reaches our handler: answer 400 instead of hanging up
  // silently; a LIST request line is served.
  acceptListMethod(server);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Serving {
  steps: Step[];
  /** Body limit of the plain msw handlers. */
  handlerLimit: number;
  now: () => number;
}

// Decodes as Request.text() does: UTF-8, a leading BOM dropped, bad bytes replaced.
const utf8 = new TextDecoder();

async function serve(req: IncomingMessage, res: ServerResponse, serving: Serving): Promise<void> {
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
    url = new URL(rawUrl, `http://${req.headers.host ?? "localhost"}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unreadable request";
    return writeServerError(res, serving.now(), 400, rawUrl, `Unreadable request: ${reason}`);
  }

  let limit = 0;
  for (const step of serving.steps) {
    limit = Math.max(limit, "service" in step ? step.service.bodyLimit(method, url) : serving.handlerLimit);
  }
  const body = await readBody(req, method, limit);
  // the rest of an unread body would be taken for the next request
  if (body.kind === "over-limit") res.setHeader("connection", "close");
  const text = body.kind === "read" ? utf8.decode(body.bytes) : "";
  const headers = headerBagOf(req);
  const address = socketAddressOf(req);
  const rawPath = rawUrl.split("?", 1)[0]!;

  for (const step of serving.steps) {
    if ("service" in step) {
      const oversized = body.kind === "over-limit" || body.bytes.length > step.service.bodyLimit(method, url);
      const request: MockRequest = {
        method,
        url,
        rawPath,
        headers,
        body: oversized ? "" : text,
        oversized,
        address,
      };
      const answer = await step.service.answer(request);
      if (answer === undefined) continue;
      // an injected network failure: the client must see the connection drop
      if (isNetworkError(answer)) return void req.socket.destroy();
      return writeReply(res, answer, method);
    }
    if (body.kind === "over-limit" || body.bytes.length > serving.handlerLimit) continue;
    let request: Request;
    try {
      request = fetchRequestOf(req, method, url, body.bytes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : "unreadable request";
      return writeServerError(res, serving.now(), 400, rawUrl, `Unreadable request: ${reason}`);
    }
    const response = await getResponse(step.handlers, request);
    if (response === undefined) continue;
    if (response.type === "error") return void req.socket.destroy();
    return writeResponse(res, response, method);
  }
  if (body.kind === "over-limit" || body.bytes.length > serving.handlerLimit) {
    return writeServerError(
      res,
      serving.now(),
      413,
      rawUrl,
      `Request body exceeds ${serving.handlerLimit} bytes`,
    );
  }
  const path = url.pathname;
  return writeServerError(
    res,
    serving.now(),
    404,
    path,
    `No mock route for ${method} ${path.slice(0, 2048)}`,
  );
}

/** A fetch Request for the user's own msw handlers. */
function fetchRequestOf(req: IncomingMessage, method: string, url: URL, bytes: Buffer): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const body =
    bytes.length > 0
      ? new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length)
      : undefined;
  return new Request(url, { method, headers, body });
}

/** Removes credential-bearing query values (`access_token`, ...) from a logged path. */
function redactPath(path: string): string {
  return redactSecretQuery(path, "[redacted]");
}
