import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpFetch } from "../../src/adapters/http-fetch.js";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const routes: Record<string, Handler> = {
  "/echo": (req, body, res) => {
    res.setHeader("content-type", "application/json");
    res.setHeader("set-cookie", ["a=1", "b=2"]);
    res.end(JSON.stringify({ method: req.method, body, headers: req.headers }));
  },
  "/empty": (_req, _body, res) => {
    res.statusCode = 204;
    res.end();
  },
  "/missing": (_req, _body, res) => {
    res.statusCode = 404;
    res.end("no such thing");
  },
  "/slow": (_req, _body, res) => {
    setTimeout(() => res.end("late"), 2_000).unref();
  },
  "/gzip": (_req, _body, res) => {
    res.setHeader("content-encoding", "gzip");
    res.end(gzipSync("unzipped"));
  },
  "/temporary": (_req, _body, res) => {
    res.writeHead(307, { location: "/echo" }).end();
  },
  "/see-other": (_req, _body, res) => {
    res.writeHead(303, { location: "/echo" }).end();
  },
  "/loop": (_req, _body, res) => {
    res.writeHead(302, { location: "/loop" }).end();
  },
};

let server: Server;
let base: string;
const fetch = createHttpFetch();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => routes[req.url ?? ""]?.(req, Buffer.concat(chunks).toString(), res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("createHttpFetch: a fetch over node:http for the rotator's clients", () => {
  it("sends method, headers and a JSON body, and returns status, headers, body and url", async () => {
    const response = await fetch(`${base}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-vault-token": "t" },
      body: JSON.stringify({ a: 1 }),
    });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${base}/echo`);
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const echoed = (await response.json()) as {
      method: string;
      body: string;
      headers: Record<string, string>;
    };
    expect(echoed).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(echoed.headers).toMatchObject({
      "content-type": "application/json",
      "content-length": "7",
      "x-vault-token": "t",
    });
  });

  it("accepts a Request (as openapi-fetch passes it) with its body", async () => {
    const request = new Request(`${base}/echo`, { method: "PUT", body: new Uint8Array([104, 105]) });
    const echoed = (await (await fetch(request)).json()) as { method: string; body: string };
    expect(echoed).toEqual(expect.objectContaining({ method: "PUT", body: "hi" }));
  });

  it("gives 204 a null body and passes error statuses through untouched", async () => {
    const empty = await fetch(`${base}/empty`, { method: "DELETE" });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const missing = await fetch(`${base}/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("no such thing");
  });

  it("rejects with the signal's reason when aborted (the SDK's timeouts rely on it)", async () => {
    await expect(fetch(`${base}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({
      name: "TimeoutError",
    });
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(fetch(`${base}/echo`, { signal: controller.signal })).rejects.toThrow("stop");
  });

  it("reports a refused connection as fetch does: TypeError 'fetch failed' with the cause", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await fetch(`http://127.0.0.1:${port}/`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure).toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
  });

  it("follows 307 with method and body kept, 303 as a GET, and stops redirect loops", async () => {
    const kept = (await (await fetch(`${base}/temporary`, { method: "POST", body: "payload" })).json()) as {
      method: string;
      body: string;
    };
    expect(kept).toMatchObject({ method: "POST", body: "payload" });
    const seeOther = await fetch(`${base}/see-other`, { method: "POST", body: "payload" });
    expect(seeOther.url).toBe(`${base}/echo`);
    expect(await seeOther.json()).toMatchObject({ method: "GET", body: "" });
    await expect(fetch(`${base}/loop`)).rejects.toThrow("fetch failed");
    const manual = await fetch(`${base}/temporary`, { redirect: "manual" });
    expect(manual.status).toBe(307);
  });

  it("decodes a body the server compressed without being asked", async () => {
    expect(await (await fetch(`${base}/gzip`)).text()).toBe("unzipped");
  });
});
