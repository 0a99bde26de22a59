import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClock, createVaultEmulation } from "@keywarden/mock-server";
import { getResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVaultClient, VaultConnectionError } from "../src/index.js";

// A throwaway CA and a server certificate for 127.0.0.1, made with the system's openssl.
const dir = mkdtempSync(join(tmpdir(), "keywarden-vault-tls-"));
const emulation = createVaultEmulation({ clock: createClock("2026-03-01T12:00:00Z") });
let server: Server;
let address: string;

function openssl(...args: string[]) {
  execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

beforeAll(async () => {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=Keywarden Test CA",
  );
  openssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=vault.test");
  writeFileSync(join(dir, "ext.cnf"), "subjectAltName=DNS:vault.test,IP:127.0.0.1\n");
  openssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-extfile",
    "ext.cnf",
  );
  server = createServer(
    { key: readFileSync(join(dir, "server.key")), cert: readFileSync(join(dir, "server.pem")) },
    async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const request = new Request(`https://127.0.0.1${req.url}`, {
        method: req.method ?? "GET",
        headers: req.headers as Record<string, string>,
        ...(body && req.method !== "GET" ? { body } : {}),
      });
      const response = await getResponse(emulation.handlers, request);
      res.writeHead(response?.status ?? 404, Object.fromEntries(response?.headers ?? []));
      res.end(Buffer.from((await response?.arrayBuffer()) ?? new ArrayBuffer(0)));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  address = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("Vault client over HTTPS with VAULT_CACERT", () => {
  it("trusts Vault's certificate through the configured CA file", async () => {
    const vault = createVaultClient({ address, token: "root", tls: { caCertPath: join(dir, "ca.pem") } });
    await vault.kv.write("keywarden/app", { api_key: "over-tls" });
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ api_key: "over-tls" });
    expect((await vault.health()).status).toBe(200);
  });

  it("refuses an unknown CA with a connection error naming the TLS failure", async () => {
    const vault = createVaultClient({ address, token: "root", retry: { maxAttempts: 1 } });
    const error = await vault.health().catch((e) => e);
    expect(error).toBeInstanceOf(VaultConnectionError);
    expect(error.code).toMatch(/CERT|SELF_SIGNED|UNABLE/);
  });

  it("checks the server name given by VAULT_TLS_SERVER_NAME", async () => {
    const good = createVaultClient({
      address,
      token: "root",
      tls: { caCertPath: join(dir, "ca.pem"), serverName: "vault.test" },
    });
    expect((await good.health()).status).toBe(200);
    const bad = createVaultClient({
      address,
      token: "root",
      retry: { maxAttempts: 1 },
      tls: { caCertPath: join(dir, "ca.pem"), serverName: "other.test" },
    });
    expect(await bad.health().catch((e) => e)).toBeInstanceOf(VaultConnectionError);
  });
});
