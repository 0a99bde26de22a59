import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateFetchResponse } from "../../../../specs/tools/response-validator.js";
import { createKeyServiceMock } from "../../src/key-service-mock.js";
import { formatLogLine } from "../../src/server/log-line.js";
import { type RunningMockServer, startMockServer } from "../../src/server/node-adapter.js";

const mock = createKeyServiceMock({ admin: true, bodyLimitBytes: 64 * 1024 });
let server: RunningMockServer;
const log: string[] = [];
let token: string;
const secrets: string[] = [];

beforeAll(async () => {
  server = await startMockServer({
    handlers: mock.handlers,
    port: 0,
    onRequestLog: (entry) => log.push(formatLogLine(entry)),
  });
  const login = await fetch(`${server.url}/api/authenticate`, {
    method: "POST",
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });
  token = (await login.json()).id_token;
  secrets.push(token);
});
afterAll(() => server.close());

const auth = () => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

/** fetch over the socket, with the answer checked against the spec (for routes the spec describes). */
async function specFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const request = new Request(`${server.url}${path}`, init);
  const response = await fetch(request.clone());
  expect(await validateFetchResponse(request, response)).toEqual([]);
  return response;
}

/** Sends a request with the path exactly as given (fetch would normalise it). */
function rawRequest(
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: auth() }, (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Writes raw bytes to the socket and returns the first response line. */
function rawSocket(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk;
    });
    socket.on("close", () => resolve(text.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
    socket.setTimeout(3000, () => socket.destroy());
  });
}

describe("the standalone server under malformed input", () => {
  it("answers bad JSON with 400 and the parser's reason", async () => {
    const response = await fetch(`${server.url}/api/api-keys`, {
      method: "POST",
      headers: auth(),
      body: "{nope",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-utmstack-error")).toMatch(/^Malformed JSON body: /);
  });

  it.each([
    [{ name: 123, allowedIp: [] }, "name: must be a string"],
    [{ name: "ok", allowedIp: "10.0.0.1" }, "allowedIp: must be an array of strings"],
    [{ name: "ok", allowedIp: [], expiresAt: 5 }, "expiresAt: must be an ISO-8601 instant"],
    [[1, 2], "body: must be a JSON object"],
  ])("answers wrong types %j with 400 naming the field", async (body, reason) => {
    const response = await fetch(`${server.url}/api/api-keys`, {
      method: "POST",
      headers: auth(),
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-utmstack-error")).toContain(reason);
  });

  it("refuses a body over the limit with 413 and keeps serving", async () => {
    const response = await fetch(`${server.url}/api/api-keys`, {
      method: "POST",
      headers: auth(),
      body: "x".repeat(200_000),
    });
    expect(response.status).toBe(413);
    expect((await fetch(`${server.url}/__mock/state`)).status).toBe(200);
  });

  it("answers unknown routes and methods with a 404 naming them", async () => {
    const unknown = await fetch(`${server.url}/api/nothing-here`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toBe("No mock route for GET /api/nothing-here");
    expect((await fetch(`${server.url}/api/api-keys/1`, { method: "PATCH", headers: auth() })).status).toBe(
      404,
    );
  });

  it.each([
    "/api/api-keys/../authenticate",
    "/api/api-keys/./1",
    "/api/api-keys/%2e%2e/1",
    "/api//api-keys",
    "/api/api-keys/1%2F2",
    "/api/api-keys/1;jsessionid=x",
    "/api/api-keys/%00",
  ])("refuses the path trick %s with 400", async (path) => {
    const response = await rawRequest("GET", path);
    expect(response.status).toBe(400);
    expect(response.headers["x-utmstack-error"]).toContain("Request path must be normalised");
  });

  it.each(["abc", "0", "-1", "99999999999999999999", "1.5"])("refuses the key id %s with 400", async (id) => {
    const response = await specFetch(`/api/api-keys/${id}`, { headers: auth() });
    expect(response.status).toBe(400);
  });

  it("answers garbage on the socket with 400 instead of hanging or crashing", async () => {
    expect(await rawSocket("HELLO\r\n\r\n")).toBe("HTTP/1.1 400 Bad Request");
    expect(await rawSocket("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")).toBe(
      "HTTP/1.1 400 Bad Request",
    );
    expect((await fetch(`${server.url}/__mock/state`)).status).toBe(200);
  });

  it("uses the socket's address for allowlists and ignores X-Forwarded-For", async () => {
    const create = (name: string, allowedIp: string[]) =>
      fetch(`${server.url}/api/api-keys`, {
        method: "POST",
        headers: auth(),
        body: JSON.stringify({ name, allowedIp }),
      }).then((r) => r.json());
    const generate = (id: number) =>
      fetch(`${server.url}/api/api-keys/${id}/generate`, { method: "POST", headers: auth() }).then((r) =>
        r.text(),
      );
    const local = await generate((await create("local", ["127.0.0.1"])).id);
    const remote = await generate((await create("remote", ["10.0.0.1"])).id);
    secrets.push(local, remote);
    const use = (secret: string) =>
      fetch(`${server.url}/api/api-keys`, {
        headers: { "x-api-key": secret, "x-forwarded-for": "10.0.0.1" },
      });
    expect((await use(local)).status).toBe(200);
    const refused = await use(remote);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-utmstack-error")).toContain("Invalid IP address: 127.0.0.1");
  });

  it("never writes a credential or a secret into a log line", async () => {
    await fetch(`${server.url}/api/api-keys?access_token=${token}`);
    // the server decodes a parameter's name: an escaped access_token still authenticates
    expect((await fetch(`${server.url}/api/api-keys?access%5Ftoken=${token}`)).status).toBe(200);
    await fetch(`${server.url}/api/api-keys?%61ccess_token=${token}`);
    expect(log.length).toBeGreaterThan(20);
    const all = log.join("\n");
    for (const secret of secrets) expect(all).not.toContain(secret);
    expect(all).toContain("access_token=[redacted]");
  });
});
