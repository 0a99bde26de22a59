import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpStack, HttpDeadlineError, HttpRedirectError } from "../../src/http/index.js";
import { type Handler, startServer, type TestServer } from "../support/servers.js";

const routes: Record<string, Handler> = {
  "/echo": (req, body, res) => {
    res.setHeader("content-type", "application/json");
    res.setHeader("set-cookie", ["a=1", "b=2"]);
    res.end(JSON.stringify({ method: req.method, body: body.toString(), headers: req.headers }));
  },
  "/empty": (_req, _body, res) => res.writeHead(204).end(),
  "/missing": (_req, _body, res) => res.writeHead(404).end("no such thing"),
  "/slow": (_req, _body, res) => {
    setTimeout(() => res.end("late"), 2_000).unref();
  },
  "/temporary": (_req, _body, res) => res.writeHead(307, { location: "/echo" }).end(),
  "/found": (_req, _body, res) => res.writeHead(302, { location: "/echo" }).end(),
  "/see-other": (_req, _body, res) => res.writeHead(303, { location: "/echo" }).end(),
  "/loop": (_req, _body, res) => res.writeHead(307, { location: "/loop" }).end(),
  "/away": (_req, _body, res) =>
    res.writeHead(307, { location: "https://user:pw@elsewhere.test:8200/v1/x?token=t#f" }).end(),
};

let server: TestServer;
const stack = createHttpStack({ connectMs: 1_000, requestMs: 200 });

beforeAll(async () => {
  server = await startServer((req, body, res) => routes[req.url ?? ""]?.(req, body, res));
});
afterAll(async () => {
  await stack.close();
  await server.close();
});

describe("the HTTP stack's fetch", () => {
  it("sends method, headers and body, and answers a platform Response with every header and its URL", async () => {
    const response = await stack.fetch(`${server.url}/echo`, {
      method: "post",
      headers: new Headers({ "x-api-key": "k", "content-type": "application/json" }),
      body: '{"a":1}',
    });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${server.url}/echo`);
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const echoed = (await response.json()) as {
      method: string;
      body: string;
      headers: Record<string, string>;
    };
    expect(echoed).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(echoed.headers).toMatchObject({ "x-api-key": "k", "content-type": "application/json" });
  });

  it("takes a Request, as openapi-fetch (the Vault client) passes one, body included", async () => {
    const request = new Request(`${server.url}/echo`, {
      method: "PUT",
      headers: { "x-vault-token": "t" },
      body: new TextEncoder().encode("bytes"),
    });
    const echoed = (await (await stack.fetch(request)).json()) as { method: string; body: string };
    expect(echoed).toMatchObject({ method: "PUT", body: "bytes" });
  });

  it("answers 204 with no body and a 404 as an answer, not an error", async () => {
    const empty = await stack.fetch(`${server.url}/empty`);
    expect([empty.status, empty.body]).toEqual([204, null]);
    const missing = await stack.fetch(`${server.url}/missing`);
    expect([missing.status, await missing.text()]).toEqual([404, "no such thing"]);
  });

  it("follows a same-origin 307 with method and body, and a 302 for a GET", async () => {
    const moved = await stack.fetch(`${server.url}/temporary`, { method: "POST", body: "again" });
    expect(await moved.json()).toMatchObject({ method: "POST", body: "again" });
    expect(moved.url).toBe(`${server.url}/echo`);
    expect(await (await stack.fetch(`${server.url}/found`)).json()).toMatchObject({ method: "GET" });
  });

  it("refuses what it will not follow, saying where it pointed without credentials or query", async () => {
    const seeOther = await stack
      .fetch(`${server.url}/see-other`, { method: "POST", body: "x" })
      .catch((e) => e);
    expect(seeOther).toBeInstanceOf(HttpRedirectError);
    expect(seeOther.message).toMatch(/303 redirect .* would turn the POST into a GET/);
    const loop = await stack.fetch(`${server.url}/loop`).catch((e) => e);
    expect(loop.message).toMatch(/more than 3 in a row/);
    const away = await stack.fetch(`${server.url}/away`).catch((e) => e);
    expect(away.message).toBe(
      `GET ${server.url}/away: refused a 307 redirect to https://elsewhere.test:8200/v1/x: another origin, where credentials and request bodies are never sent`,
    );
    const manual = await stack.fetch(`${server.url}/loop`, { redirect: "manual" });
    expect([manual.status, manual.headers.get("location")]).toEqual([307, "/loop"]);
    expect(await stack.fetch(`${server.url}/found`, { redirect: "error" }).catch((e) => e)).toBeInstanceOf(
      HttpRedirectError,
    );
  });

  it("gives up at the deadline, and at once when the caller aborts, with no listener left behind", async () => {
    const started = performance.now();
    const late = await stack.fetch(`${server.url}/slow`).catch((e) => e);
    expect(late).toBeInstanceOf(HttpDeadlineError);
    expect(performance.now() - started).toBeLessThan(1_000);

    const caller = new AbortController();
    for (let i = 0; i < 20; i++) await stack.fetch(`${server.url}/echo`, { signal: caller.signal });
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    const pending = stack.fetch(`${server.url}/slow`, { signal: caller.signal });
    caller.abort(new Error("the caller gave up"));
    await expect(pending).rejects.toThrow("the caller gave up");
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });
});
