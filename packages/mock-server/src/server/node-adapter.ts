import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, RequestHandler } from "msw";
import { registerAdapterRequest } from "../http/adapter-request.js";
import { rememberSocketAddress } from "../http/client-address.js";
import { knownBodyOf } from "../http/known-body.js";
import { RouteHandler } from "../http/route-handler.js";
import { acceptListMethod, takeListMethod } from "./list-method.js";
import { createRouteFilter } from "./route-filter.js";

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
  /** MSW request handlers to serve, tried in order (e.g. `createKeyServiceMock().handlers`). */
  handlers: readonly RequestHandler[];
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Called once per request after the response is sent (the CLI prints it). */
  onRequestLog?: (entry: RequestLogEntry) => void;
  /**
   * Largest request body accepted; larger ones get 413. Default 1 MiB. A route that sets its own
   * limit (the Vault emulation: 32 MiB) gets bodies up to that, and answers larger ones itself.
   */
  bodyLimitBytes?: number;
  /**
   * The clock of the adapter's own error bodies (unknown route, 413, 400, 500), in epoch ms; default
   * `Date.now`. Pass the mock's (`mock.clock.now`) so they agree with the handlers' timestamps.
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
const METHODS_WITHOUT_BODY = new Set(["GET", "HEAD", "LIST"]);

/**
 * Serves MSW handlers over a real `node:http` socket through msw's `getResponse`.
 * Unknown routes answer 404, oversized bodies 413, unreadable requests 400; a handler that throws
 * answers 500. The process never crashes on client input. Which paths are acceptable is each
 * service's own rule (the key service's firewall, Vault's redirects), not the adapter's. Requests
 * with the method LIST (Vault's clients) are accepted, although node:http does not know it.
 * @example
 * const mock = createKeyServiceMock();
 * const server = await startMockServer({ handlers: mock.handlers, port: 0 });
 * await fetch(`${server.url}/api/authenticate`, { method: "POST", body: "{}" });
 * await server.close();
 */
export async function startMockServer(options: StartMockServerOptions): Promise<RunningMockServer> {
  const host = options.host ?? "127.0.0.1";
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const candidatesFor = createRouteFilter(options.handlers);
  const now = options.now ?? Date.now;

  const server = createServer((req, res) => {
    const started = performance.now();
    serve(req, res, candidatesFor, bodyLimit, now)
      .catch(() =>
        sendJson(res, 500, errorBody(now(), 500, "Internal Server Error", req.url, "The mock failed")),
      )
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

/** The largest body a request may have: the adapter's limit, or a candidate route's own if larger. */
function bodyLimitFor(candidates: readonly RequestHandler[], adapterLimit: number) {
  let limit = adapterLimit;
  let routeAnswersOversized = false;
  for (const handler of candidates) {
    if (!(handler instanceof RouteHandler) || handler.maxRequestBytes === undefined) continue;
    routeAnswersOversized = true;
    limit = Math.max(limit, handler.maxRequestBytes());
  }
  return { limit, routeAnswersOversized };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  candidatesFor: (method: string, url: URL) => RequestHandler[],
  adapterLimit: number,
  now: () => number,
): Promise<void> {
  const isList = takeListMethod(req.socket);
  const method = isList ? "LIST" : (req.method ?? "GET").toUpperCase();
  // Vault's clients open a new connection after a LIST (see list-method.ts)
  if (isList) res.setHeader("connection", "close");
  const rawUrl = req.url ?? "/";
  if (!rawUrl.startsWith("/")) {
    return sendJson(
      res,
      400,
      errorBody(now(), 400, "Bad Request", rawUrl, "Request target must be an absolute path"),
    );
  }
  const rawPath = rawUrl.split("?", 1)[0]!;
  let url: URL;
  try {
    url = new URL(rawUrl, `http://${req.headers.host ?? "localhost"}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unreadable request";
    return sendJson(res, 400, errorBody(now(), 400, "Bad Request", rawUrl, `Unreadable request: ${reason}`));
  }
  const candidates = candidatesFor(method, url);
  const { limit, routeAnswersOversized } = bodyLimitFor(candidates, adapterLimit);
  const body = METHODS_WITHOUT_BODY.has(method) ? undefined : await readBody(req, limit);
  const oversized = body === "oversized";
  if (oversized) {
    res.setHeader("connection", "close");
    if (!routeAnswersOversized) {
      return sendJson(
        res,
        413,
        errorBody(now(), 413, "Payload Too Large", rawUrl, `Request body exceeds ${limit} bytes`),
      );
    }
  }

  let request: Request;
  const bytes =
    body instanceof Buffer && body.length > 0
      ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length)
      : undefined;
  try {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    request = new Request(url, { method, headers, body: bytes });
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unreadable request";
    return sendJson(res, 400, errorBody(now(), 400, "Bad Request", rawUrl, `Unreadable request: ${reason}`));
  }
  rememberSocketAddress(request, req.socket.remoteAddress);
  registerAdapterRequest(request, url, { body: bytes, rawPath, oversized });
  // msw's own handlers (any custom ones passed in; the mock's RouteHandlers skip this) clone every
  // request once, through this public cache, for logging that getResponse never reads; a body clone
  // tees a web stream. The adapter already holds the body bytes: the request stands in for its clone.
  RequestHandler.cache.set(request, request);

  const response = candidates.length > 0 ? await getResponse(candidates, request) : undefined;
  if (!response) {
    const path = url.pathname;
    return sendJson(
      res,
      404,
      errorBody(now(), 404, "Not Found", path, `No mock route for ${method} ${path.slice(0, 2048)}`),
    );
  }
  if (response.type === "error") {
    // HttpResponse.error(): the client must see a network failure, so drop the connection.
    req.socket.destroy();
    return;
  }
  // A known body goes out as the string it is: node:http then sends head and body in one write.
  const payload: string | Buffer = knownBodyOf(response) ?? Buffer.from(await response.arrayBuffer());
  const headerPairs: string[] = [];
  response.headers.forEach((value, name) => {
    headerPairs.push(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) headerPairs.push("set-cookie", cookie);
  if (!response.headers.has("content-length")) {
    headerPairs.push("content-length", String(Buffer.byteLength(payload)));
  }
  res.writeHead(response.status, response.statusText || undefined, headerPairs);
  res.end(method === "HEAD" ? undefined : payload);
}

/** The body, or "oversized" once it passes `limit` (the rest is then left unread). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "oversized"> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve("oversized");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve("oversized");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function errorBody(at: number, status: number, error: string, path: string | undefined, message: string) {
  return { timestamp: new Date(at).toISOString(), status, error, message, path: path ?? "" };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Removes credential-bearing query values (`access_token`) from a logged path. */
function redactPath(path: string): string {
  return path.replace(/([?&](?:access_token|token|api_key|apiKey)=)[^&]*/gi, "$1[redacted]");
}
