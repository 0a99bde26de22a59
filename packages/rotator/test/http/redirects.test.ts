/**
 * The SRE's finding, as a test: an https "Vault" (or key service) answering 307 to another origin,
 * or to an http:// address, must get nothing sent there, for every call the rotator makes through
 * its production wiring (loadConfig → servicesFromConfig). A same-origin 307, a standby behind a
 * load balancer, is followed.
 */
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  forwardTo,
  type Handler,
  redirectTo,
  startServer,
  type TestServer,
} from "../../../vault/test/support/servers.js";
import { loadConfig } from "../../src/config.js";
import { servicesFromConfig } from "../../src/wiring.js";
import { mockOverSocketForFile } from "../support/socket-mock.js";
import { createTestPki, type TestPki } from "./support/pki.js";

const TOKEN = "hvs.vault-token-SENTINEL-0001";
const API_KEY = "kw-api-key-SENTINEL-0002";
const PASSWORD = "password-SENTINEL-0003";
const NEW_KEY = "new-api-key-SENTINEL-0004";
const SECRETS = [TOKEN, API_KEY, PASSWORD, NEW_KEY];
const DAY = 86_400_000;
const silent = pino({ level: "silent" });

let pki: TestPki;
let otherOrigin: TestServer;
let plainHttp: TestServer;
let toOtherOrigin: TestServer;
let toPlainHttp: TestServer;

beforeAll(async () => {
  pki = createTestPki();
  const ok: Handler = (_req, _body, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  otherOrigin = await startServer(ok, pki.server);
  plainHttp = await startServer(ok);
  toOtherOrigin = await startServer(redirectingVault(otherOrigin.url), pki.server);
  toPlainHttp = await startServer(redirectingVault(plainHttp.url), pki.server);
});
afterAll(async () => {
  for (const server of [otherOrigin, plainHttp, toOtherOrigin, toPlainHttp]) await server?.close();
  pki?.remove();
});

/**
 * Redirects every request to `target`, but answers the token lookup the Vault client makes first
 * (a token that never expires), so that the KV calls themselves are sent and redirected.
 */
function redirectingVault(target: string): Handler {
  const redirect = redirectTo(target);
  return (req, body, res) =>
    req.url === "/v1/auth/token/lookup-self"
      ? res.writeHead(200, { "content-type": "application/json" }).end('{"data":{"ttl":0,"renewable":false}}')
      : redirect(req, body, res);
}

/** The rotator's services as `run` builds them, with the key service and Vault on `origin`. */
function servicesAt(origin: string, auth: Record<string, string>) {
  const config = loadConfig({
    KEYWARDEN_URL: origin,
    VAULT_ADDR: origin,
    VAULT_TOKEN: TOKEN,
    VAULT_CACERT: pki.ca.certPath,
    ...auth,
  });
  return servicesFromConfig(config, silent);
}

/** Every message of an error and its causes, to search for secrets. */
function messagesOf(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) parts.push(current.message);
  return parts.join(" | ");
}

async function expectRefused(call: Promise<unknown>, target: string, path: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const text = messagesOf(error);
  expect(text).toContain(`refused a 307 redirect to ${target}${path}`);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const key = {
  name: "billing~next",
  allowedIp: [],
  description: null,
  expiresAt: Date.now() + 30 * DAY,
  authorizationGroup: null,
};

describe.each([
  { to: "another https origin", front: () => toOtherOrigin, target: () => otherOrigin },
  { to: "an http:// address", front: () => toPlainHttp, target: () => plainHttp },
])("a 307 to $to", ({ front, target }) => {
  afterEach(() => {
    // nothing at all reached it: no connection, so no credential header and no body
    expect(target().connections().opened).toBe(0);
    expect(target().received).toEqual([]);
  });

  it("Vault: a KV write (a new API key in its body, X-Vault-Token) and a read are refused", async () => {
    const services = servicesAt(front().url, { KEYWARDEN_API_KEY: API_KEY });
    await expectRefused(
      services.secrets.write("keywarden/billing", { api_key: NEW_KEY }, 0),
      target().url,
      "/v1/secret/data/keywarden/billing",
    );
    await expectRefused(
      services.secrets.read("keywarden/billing"),
      target().url,
      "/v1/secret/data/keywarden/billing",
    );
    const sent = front().received.find((request) => request.method === "POST");
    expect(sent?.headers["x-vault-token"]).toBe(TOKEN);
    expect(sent?.body).toContain(NEW_KEY);
  });

  it.each(["authorization", "utm-api-key", "x-api-key"])("key service, the API key in %s", async (header) => {
    const services = servicesAt(front().url, {
      KEYWARDEN_API_KEY: API_KEY,
      KEYWARDEN_API_KEY_HEADER: header,
    });
    await expectRefused(services.keys.createKey(key), target().url, "/api/api-keys");
    expect(JSON.stringify(front().received.at(-1)?.headers)).toContain(API_KEY);
  });

  it("key service, a login (the password in the body)", async () => {
    const services = servicesAt(front().url, { KEYWARDEN_USERNAME: "admin", KEYWARDEN_PASSWORD: PASSWORD });
    await expectRefused(services.keys.createKey(key), target().url, "/api/authenticate");
    expect(front().received.at(-1)?.body).toContain(PASSWORD);
  });

  it("a verification probe (the new key)", async () => {
    const services = servicesAt(front().url, { KEYWARDEN_API_KEY: API_KEY });
    await expectRefused(services.keys.authenticate(NEW_KEY, "7"), target().url, "/api/api-keys/7");
  });
});

describe("a 307 to the same origin (a Vault standby behind a load balancer whose api_addr is the balancer)", () => {
  const mock = mockOverSocketForFile([
    { name: "billing", secret: "billing-secret-00000000000000000000000000", expiresInDays: 2 },
  ]);
  let front: TestServer;
  let redirected = 0;
  beforeAll(async () => {
    // Each request is first sent back to the same URL once, then served, as a balancer that landed
    // on a standby and then on the active node.
    const seen = new Set<string>();
    const forward = forwardTo(mock.url);
    front = await startServer((req, body, res) => {
      const call = `${req.method} ${req.url} ${body.toString()}`;
      if (seen.delete(call)) return forward(req, body, res);
      seen.add(call);
      redirected++;
      res.writeHead(307, { location: `${front.url}${req.url}` }).end();
    }, pki.server);
  });
  afterAll(() => front?.close());

  it("is followed with the method, the credentials and the body: a whole create-generate-store-verify", async () => {
    const services = servicesAt(front.url, {
      KEYWARDEN_USERNAME: "admin",
      KEYWARDEN_PASSWORD: "admin",
      VAULT_TOKEN: "root",
    });
    const created = await services.keys.createKey(key);
    const secret = await services.keys.generateSecret(created.id);
    expect(await services.secrets.write("keywarden/billing", { api_key: secret }, 0)).toEqual({ version: 1 });
    expect((await services.secrets.read("keywarden/billing"))?.data).toEqual({ api_key: secret });
    expect(await services.keys.authenticate(secret, created.id)).toBe("accepted");
    // one successor: the followed POST created it once
    const names: string[] = [];
    for await (const each of services.keys.listKeys()) names.push(each.name);
    expect(names.sort()).toEqual(["billing", "billing~next"]);
    expect(redirected).toBeGreaterThanOrEqual(6);
    const writes = front.received.filter(
      (r) => r.method === "POST" && r.url === "/v1/secret/data/keywarden/billing",
    );
    expect(writes).toHaveLength(2);
    expect(
      writes.every((write) => write.headers["x-vault-token"] === "root" && write.body.includes(secret)),
    ).toBe(true);
  });
});
