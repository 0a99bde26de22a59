import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, expect } from "vitest";
import { createKeyServiceMock, type KeyServiceMockOptions } from "../../src/key-service-mock.js";
import { type RunningMockServer, startMockServer } from "../../src/server/node-adapter.js";

/**
 * Each hostile answer must come quickly: 100 ms is the goal, 300 ms the bound a slow 2-core CI box
 * still meets, and a regression to seconds fails.
 */
export const ANSWER_BUDGET_MS = 300;

/** What a raw request got back, and how long it took. */
export interface RawAnswer {
  status: number;
  /** The reason phrase of the status line. */
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

/** Options of one raw request: the path and headers are sent exactly as given. */
export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * Writes one request to `baseUrl` exactly as given (no URL normalisation, any method node:http can
 * write) and reads the whole answer; rejects when the connection fails or is cut.
 */
export function sendRaw(baseUrl: string, raw: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: raw.method ?? "GET",
        path: raw.path,
        headers: raw.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? "",
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - started,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(raw.body);
  });
}

/**
 * The standalone mock over a real socket, for one test file: started before its tests, closed
 * after. `send` writes the request as given (no URL normalisation, any method node:http can write).
 */
export function useHostileServer(options: KeyServiceMockOptions = {}) {
  const mock = createKeyServiceMock({ admin: true, ...options });
  let server: RunningMockServer;
  let token = "";
  beforeAll(async () => {
    server = await startMockServer({ handlers: mock.handlers, port: 0, now: mock.clock.now });
    const login = await fetch(`${server.url}/api/authenticate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "admin" }),
    });
    token = ((await login.json()) as { id_token: string }).id_token;
  });
  afterAll(() => server.close());

  function send(raw: RawRequest): Promise<RawAnswer> {
    return sendRaw(server.url, raw);
  }

  /** A request with the admin's JWT and a JSON content type. */
  function authed(raw: RawRequest): Promise<RawAnswer> {
    return send({
      ...raw,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...raw.headers },
    });
  }

  /** Sends, and checks the answer came within the budget. */
  async function fast(raw: RawRequest, asAdmin = true): Promise<RawAnswer> {
    const answer = await (asAdmin ? authed(raw) : send(raw));
    expect(answer.ms, `${raw.method ?? "GET"} ${raw.path.slice(0, 80)}`).toBeLessThan(ANSWER_BUDGET_MS);
    return answer;
  }

  /** The next ordinary request still works: a key list and a Vault read. */
  async function stillServes(): Promise<void> {
    const list = await authed({ path: "/api/api-keys" });
    expect(list.status).toBe(200);
    const health = await send({ path: "/v1/sys/health" });
    expect(health.status).toBe(200);
  }

  return {
    mock,
    send,
    authed,
    fast,
    stillServes,
    get url() {
      return server.url;
    },
    get token() {
      return token;
    },
  };
}
