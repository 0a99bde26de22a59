import type { IncomingMessage, Server, ServerResponse } from "node:http";
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingHttpHeaders,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from "node:net";

/** A request as a test server received it. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What a test server does with a request: answer it (through `res`), or not. */
export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => unknown;

/** A running test server that records every request and counts connections closed on it. */
export interface TestServer {
  readonly url: string;
  readonly received: Received[];
  /** Connections opened to it so far, and how many of them are closed by now. */
  readonly connections: () => { readonly opened: number; readonly closed: number };
  close(): Promise<void>;
}

/** TLS of an https test server; `requestCert` with `ca` requires a client certificate signed by it. */
export interface ServerTls {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
  readonly requestCert?: boolean;
}

/** An http (or, with `tls`, https) server on 127.0.0.1 running `handle` for each request. */
export async function startServer(handle: Handler, tls?: ServerTls): Promise<TestServer> {
  const received: Received[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: body.toString(),
      });
      Promise.resolve(handle(req, body, res)).catch(() => res.destroy());
    });
  };
  const server: Server = tls
    ? createHttpsServer(
        { ...tls, ...(tls.requestCert ? { requestCert: true, rejectUnauthorized: true } : {}) },
        listener,
      )
    : createHttpServer(listener);
  const counted = await listen(server);
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${counted.port}`,
    received,
    connections: counted.connections,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A TCP server that accepts connections and never says a word (no TLS handshake, no HTTP). */
export async function startSilentServer(): Promise<Omit<TestServer, "received"> & { port: number }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const counted = await listen(server);
  return {
    url: `https://127.0.0.1:${counted.port}`,
    port: counted.port,
    connections: counted.connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function listen(
  server: Server | TcpServer,
): Promise<{ port: number; connections: TestServer["connections"] }> {
  let opened = 0;
  let closed = 0;
  server.on("connection", (socket: Socket) => {
    opened++;
    socket.on("close", () => closed++);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, connections: () => ({ opened, closed }) };
}

/** Answers nothing, ever: the request was read, the answer never comes. */
export const neverAnswer: Handler = () => undefined;

/** Sends the status line and headers at once, then never the promised body. */
export const stallAfterHeaders: Handler = (_req, _body, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  res.write('{"data":');
};

/** Answers 307 to the same path on `target` (an origin), as a Vault standby names the active node. */
export function redirectTo(target: string, status = 307): Handler {
  return (req, _body, res) => {
    res.writeHead(status, { location: `${target}${req.url}` }).end();
  };
}

/** Passes the request on to `target` (an http origin) and its answer back: a TLS front for the mocks. */
export function forwardTo(target: () => string): Handler {
  return (req, body, res) =>
    new Promise<void>((resolve, reject) => {
      const headers = { ...req.headers, host: new URL(target()).host };
      const outgoing = httpRequest(`${target()}${req.url}`, { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", resolve);
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
}
