import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { redactSecretQuery } from "@keywarden/rules";
import type { RequestHandler } from "msw";
import { acceptListMethod } from "./list-method.js";
import { writeServerError } from "./outgoing.js";
import { type Serving, serve, stepsOf } from "./serve.js";

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

  const log = options.onRequestLog;
  // Node checks those two limits every `connectionsCheckingInterval` (30 s by default): check each
  // second, so a slow sender is cut off near its limit, not up to 30 s after it.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    const started = log ? performance.now() : 0;
    // a promise only when the answer had to wait (see serve)
    let served: void | Promise<void>;
    try {
      served = serve(req, res, serving);
    } catch {
      served = writeFailure(res, serving, req.url);
    }
    if (served) {
      served
        .catch(() => writeFailure(res, serving, req.url))
        .finally(() => log?.(logEntry(req, res, started)));
    } else if (log) log(logEntry(req, res, started));
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

function writeFailure(res: ServerResponse, serving: Serving, url: string | undefined): void {
  writeServerError(res, serving.now(), 500, url ?? "", "The mock failed");
}

function logEntry(req: IncomingMessage, res: ServerResponse, started: number): RequestLogEntry {
  return {
    method: req.method ?? "?",
    path: redactPath(req.url ?? ""),
    status: res.statusCode,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    address: req.socket.remoteAddress ?? "",
  };
}

/** Removes credential-bearing query values (`access_token`, ...) from a logged path. */
function redactPath(path: string): string {
  return redactSecretQuery(path, "[redacted]");
}
