/**
 * Over real sockets: the SDK follows a redirect only within its origin (so an API key in
 * `utm-api-key`/`x-api-key`, which fetch itself would carry along, or a login's password never reaches
 * another origin), and its per-attempt timeout covers the answer's body as well as its headers.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeywardenClient, RedirectError, TimeoutError } from "../../src/index.js";

const API_KEY = `k${"0".repeat(42)}`;
const PASSWORD = "Sup3rSecretPassw0rd";
const KEY_JSON = JSON.stringify({ id: 7, name: "billing", allowedIp: [], createdAt: "2026-12-01T00:00:00Z" });

const servers: Server[] = [];
const sockets = new Set<Socket>();
/** Requests the other origin received. */
const elsewhere: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
let redirect = { status: 307, to: "" };
let otherOrigin = "";
let origin = "";
let stallOrigin = "";

async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  server.on("connection", (socket) => sockets.add(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  otherOrigin = await listen((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk;
    });
    request.on("end", () => {
      elsewhere.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body,
      });
      response.writeHead(200, { "content-type": "application/json" }).end(KEY_JSON);
    });
  });
  origin = await listen((request, response) => {
    request.resume();
    if (request.url?.startsWith("/moved/")) {
      response.writeHead(200, { "content-type": "application/json" }).end(KEY_JSON);
      return;
    }
    response.writeHead(redirect.status, { location: `${redirect.to}${request.url}` }).end();
  });
  stallOrigin = await listen((request, response) => {
    request.resume();
    // The headers at once, then a body that never ends.
    response.writeHead(200, { "content-type": "application/json" }).write('{"id":');
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("redirects", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`a ${status} to another origin is refused: neither the API key nor a login's body reaches it`, async () => {
      redirect = { status, to: otherOrigin };
      elsewhere.length = 0;
      for (const header of ["authorization", "utm-api-key", "x-api-key"] as const) {
        const kw = createKeywardenClient({
          baseUrl: origin,
          auth: { apiKey: API_KEY, header },
          retry: false,
        });
        const error = await kw.apiKeys.get(7).catch((e) => e);
        expect(error).toBeInstanceOf(RedirectError);
        expect(error.status).toBe(status);
        expect(error.message).toMatch(/another origin/);
      }
      const session = createKeywardenClient({
        baseUrl: origin,
        auth: { username: "admin", password: PASSWORD },
        retry: false,
      });
      expect(await session.apiKeys.get(7).catch((e) => e)).toBeInstanceOf(RedirectError);
      expect(elsewhere).toEqual([]);
    });
  }

  it("a same-origin redirect is followed, credentials and all", async () => {
    redirect = { status: 307, to: `${origin}/moved` };
    const kw = createKeywardenClient({ baseUrl: origin, auth: { apiKey: API_KEY }, retry: false });
    expect(await kw.apiKeys.get(7)).toMatchObject({ id: 7, name: "billing" });
  });
});

describe("the per-attempt timeout", () => {
  it("ends an attempt whose body stalls after the headers, and retries it like any timeout", async () => {
    const attempts: (string | undefined)[] = [];
    const kw = createKeywardenClient({
      baseUrl: stallOrigin,
      auth: { apiKey: API_KEY },
      timeoutMs: 300,
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
      onResponse: (event) => attempts.push(event.error),
    });
    const error = await kw.apiKeys.get(7).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(
      /timed out after 300 ms \(the answer's headers had come, its body had not all\)/,
    );
    expect(attempts).toEqual(["TimeoutError", "TimeoutError"]);
  });
});
