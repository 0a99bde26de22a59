/**
 * A client built without a `fetch` (the quick start, `vaultOptionsFromEnv`) sends through an HTTP
 * stack of its own: a redirect to another origin is refused before anything reaches it, and every
 * request ends by its deadline, the answer's body included.
 */
import { createServer, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createVaultClient,
  HttpDeadlineError,
  HttpRedirectError,
  VaultConnectionError,
} from "../src/index.js";

const TOKEN = "hvs.ROOT-TOKEN-SENTINEL-0000000000";
const SECRET_ID = "APPROLE-SECRET-ID-SENTINEL";

/** What the other origin received. */
const received: string[] = [];
let redirectStatus = 307;
let behaviour: "silent" | "stall-body" = "silent";
const open = new Set<ServerResponse>();
let vaultOrigin = "";
let otherOrigin = "";
let slowOrigin = "";
const servers: Server[] = [];

async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
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
      received.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)} ${body}`);
      response.end("{}");
    });
  });
  vaultOrigin = await listen((request, response) => {
    request.resume();
    response.writeHead(redirectStatus, { location: `${otherOrigin}${request.url}` }).end();
  });
  slowOrigin = await listen((request, response) => {
    request.resume();
    open.add(response);
    if (behaviour === "stall-body")
      response.writeHead(200, { "content-type": "application/json" }).write('{"data":');
  });
});
afterAll(async () => {
  for (const response of open) response.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("a client without a fetch of its own", () => {
  for (const status of [301, 302, 307, 308]) {
    it(`refuses a ${status} to another origin: neither the token nor a body reaches it`, async () => {
      redirectStatus = status;
      received.length = 0;
      const byToken = createVaultClient({ address: vaultOrigin, token: TOKEN, retry: { maxAttempts: 1 } });
      const write = await byToken.kv.write("app/billing", { api_key: "NEW-KEY-SENTINEL" }).catch((e) => e);
      const byAppRole = createVaultClient({
        address: vaultOrigin,
        appRole: { roleId: "role", secretId: SECRET_ID },
        retry: { maxAttempts: 1 },
      });
      const login = await byAppRole.loginWithAppRole().catch((e) => e);
      for (const error of [write, login]) {
        expect(error).toBeInstanceOf(VaultConnectionError);
        expect(error.cause).toBeInstanceOf(HttpRedirectError);
      }
      expect(received).toEqual([]);
    });
  }

  it("ends every request by its deadline, when no answer comes and when the body stalls", async () => {
    for (const mode of ["silent", "stall-body"] as const) {
      behaviour = mode;
      const vault = createVaultClient({
        address: slowOrigin,
        token: TOKEN,
        deadlines: { requestMs: 300 },
        retry: { maxAttempts: 1 },
      });
      const error = await vault.kv.read("app/billing").catch((e) => e);
      expect(error, mode).toBeInstanceOf(VaultConnectionError);
      expect(error.cause, mode).toBeInstanceOf(HttpDeadlineError);
    }
  });
});
