/**
 * Vault over mutual TLS, configured as an operator would: `loadConfig` with VAULT_ADDR (https),
 * VAULT_CACERT, VAULT_CLIENT_CERT, VAULT_CLIENT_KEY and VAULT_TLS_SERVER_NAME, then the production
 * wiring. The server requires a client certificate signed by the test CA, and its own certificate
 * names `vault.test` only while it is reached at 127.0.0.1.
 */
import type { TLSSocket } from "node:tls";
import {
  createClock,
  createVaultEmulation,
  type RunningMockServer,
  startMockServer,
} from "@keywarden/mock-server";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardTo, startServer, type TestServer } from "../../../vault/test/support/servers.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { servicesFromConfig } from "../../src/wiring.js";
import { createTestPki, type TestPki } from "./support/pki.js";

let pki: TestPki;
let emulation: RunningMockServer;
let vault: TestServer;
let unverifiable: TestServer;
let keyService: TestServer;
const clientNames: string[] = [];

beforeAll(async () => {
  pki = createTestPki();
  emulation = await startMockServer({
    handlers: createVaultEmulation({ clock: createClock("2026-03-01T12:00:00Z") }).handlers,
  });
  const forward = forwardTo(() => emulation.url);
  vault = await startServer(
    (req, body, res) => {
      clientNames.push(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN));
      return forward(req, body, res);
    },
    { ...pki.namedServer, ca: pki.ca.cert, requestCert: true },
  );
  unverifiable = await startServer(forward, pki.strangerServer);
  keyService = await startServer((_req, _body, res) => res.writeHead(201).end("{}"), pki.server);
});
afterAll(async () => {
  for (const server of [vault, unverifiable, keyService]) await server?.close();
  await emulation?.close();
  pki?.remove();
});

const silent = pino({ level: "silent" });
const settings = () => ({
  KEYWARDEN_URL: "http://127.0.0.1:9",
  KEYWARDEN_API_KEY: "kw-api-key",
  VAULT_ADDR: vault.url,
  VAULT_TOKEN: "root",
  VAULT_CACERT: pki.ca.certPath,
  VAULT_CLIENT_CERT: pki.client.certPath,
  VAULT_CLIENT_KEY: pki.client.keyPath,
  VAULT_TLS_SERVER_NAME: "vault.test",
});

describe("Vault over mTLS, from the CLI's settings", () => {
  it("writes and reads a secret, presenting the client certificate", async () => {
    const services = servicesFromConfig(loadConfig(settings()), silent);
    expect(await services.secrets.write("keywarden/app", { api_key: "over-mtls" }, 0)).toEqual({
      version: 1,
    });
    expect(await services.secrets.read("keywarden/app")).toMatchObject({ data: { api_key: "over-mtls" } });
    expect(clientNames.length).toBeGreaterThan(0);
    expect(new Set(clientNames)).toEqual(new Set(["keywarden-rotator"]));
  });

  it.each([
    [
      "no client certificate",
      { VAULT_CLIENT_CERT: undefined, VAULT_CLIENT_KEY: undefined },
      /no answer \((UND_ERR_SOCKET|ECONNRESET|ERR_SSL)/,
    ],
    ["no server name (127.0.0.1 is not in the certificate)", { VAULT_TLS_SERVER_NAME: undefined }, /ALTNAME/],
    [
      "no CA file (the system's CAs do not know the test CA)",
      { VAULT_CACERT: undefined },
      /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY/,
    ],
  ])("fails without its settings: %s", async (_, missing, reason) => {
    const services = servicesFromConfig(loadConfig({ ...settings(), ...missing }), silent);
    await expect(services.secrets.read("keywarden/app")).rejects.toThrow(reason);
  });

  it("keeps Vault's CA and certificate to Vault's origin: the key service is checked against the system's CAs", async () => {
    const services = servicesFromConfig(loadConfig({ ...settings(), KEYWARDEN_URL: keyService.url }), silent);
    const call = services.keys.createKey({
      name: "billing~next",
      allowedIp: [],
      description: null,
      expiresAt: Date.now() + 30 * 86_400_000,
      authorizationGroup: null,
    });
    await expect(call).rejects.toThrow(/UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    expect(keyService.received).toEqual([]);
    expect((await services.secrets.read("keywarden/app"))?.data).toEqual({ api_key: "over-mtls" });
  });

  it("VAULT_SKIP_VERIFY=true trusts any certificate, and says so loudly at start", async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      destination: { write: (line: string) => lines.push(line) },
    });
    const config = loadConfig({
      KEYWARDEN_URL: "http://127.0.0.1:9",
      KEYWARDEN_API_KEY: "kw-api-key",
      VAULT_ADDR: unverifiable.url,
      VAULT_TOKEN: "root",
      VAULT_SKIP_VERIFY: "true",
    });
    const services = servicesFromConfig(config, logger);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        level: 40,
        event: "vault.tls_unverified",
        msg: expect.stringMatching(/NOT checked/),
      }),
    ]);
    expect((await services.secrets.read("keywarden/app"))?.data).toEqual({ api_key: "over-mtls" });
  });
});
