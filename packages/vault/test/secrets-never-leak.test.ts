import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { VaultConfigError, vaultOptionsFromEnv } from "../src/index.js";
import { recordingLogger, useVaultEmulation, VAULT_ADDR } from "./support/vault-kit.js";

const env = useVaultEmulation({
  rootToken: "hvs.ROOT-TOKEN-SENTINEL",
  policies: { all: 'path "secret/*" { capabilities = ["create", "read", "update", "delete", "list"] }' },
});
const SECRET_ID = "SECRET-ID-SENTINEL";

function everything(value: unknown): string {
  const error = value as Error;
  return [
    String(error),
    error.message,
    error.stack,
    JSON.stringify(value),
    inspect(value, { depth: 5, showHidden: true }),
  ].join("\n");
}

describe("the token and secret ID never leave the client", () => {
  it("appear in no error (message, stack, toJSON, inspect) and no log line, whatever failed", async () => {
    env.vault.state.addRole({
      name: "r",
      roleId: "rid",
      secretIds: [SECRET_ID],
      policies: ["all"],
      tokenTtl: 60,
      tokenMaxTtl: 60,
    });
    const logger = recordingLogger();
    const vault = env.client({ token: undefined, appRole: { roleId: "rid", secretId: SECRET_ID }, logger });
    const tokens = () => [
      "hvs.ROOT-TOKEN-SENTINEL",
      SECRET_ID,
      ...env.vault.state.tokens.list().map((t) => t.id),
    ];
    const errors: unknown[] = [];
    await vault.kv.write("keywarden/app", { v: 1 });
    errors.push(await vault.kv.read("keywarden/none").catch((e) => e));
    errors.push(await vault.kv.write("keywarden/app", { v: 2 }, { cas: 0 }).catch((e) => e));
    env.vault.state.seal();
    errors.push(await vault.kv.write("keywarden/app", { v: 2 }).catch((e) => e));
    env.vault.state.unseal();
    env.server.use(http.get(`${VAULT_ADDR}/v1/secret/data/keywarden/app`, () => HttpResponse.error()));
    errors.push(
      await env
        .client({ token: "hvs.ROOT-TOKEN-SENTINEL", logger, retry: { maxAttempts: 2 } })
        .kv.read("keywarden/app")
        .catch((e) => e),
    );
    env.vault.state.tokens.revoke("hvs.ROOT-TOKEN-SENTINEL");
    errors.push(
      await env
        .client({ token: "hvs.ROOT-TOKEN-SENTINEL" })
        .kv.read("keywarden/app")
        .catch((e) => e),
    );
    env.clock.advance("2m");
    await vault.kv.write("keywarden/app", { v: 3 }); // expired AppRole token → re-login, logged
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    const text = [
      ...errors.map(everything),
      ...logger.lines,
      inspect(vault, { depth: 5, showHidden: true }),
      JSON.stringify(vault),
    ].join("\n");
    for (const secret of tokens()) expect(text).not.toContain(secret);
    expect(logger.lines.length).toBeGreaterThan(0);
  });

  it("an answer that quotes the request (a proxy's error) keeps neither its token nor its values", async () => {
    env.server.use(
      http.post(`${VAULT_ADDR}/v1/*`, async ({ request }) => {
        const quoted = `request was x-vault-token: ${request.headers.get("x-vault-token")} ${await request.text()}`;
        return HttpResponse.json({ errors: [quoted], warnings: [quoted] }, { status: 502 });
      }),
    );
    const written = { api_key: "NEW-KEY-VALUE-SENTINEL", nested: { deeper: ["LIST-VALUE-SENTINEL"] } };
    const writeError = await env
      .client({ token: "hvs.ROOT-TOKEN-SENTINEL", retry: { maxAttempts: 1 } })
      .kv.write("keywarden/app", written)
      .catch((e) => e);
    const loginError = await env
      .client({
        token: undefined,
        appRole: { roleId: "rid", secretId: SECRET_ID },
        retry: { maxAttempts: 1 },
      })
      .kv.read("keywarden/app")
      .catch((e) => e);
    for (const error of [writeError, loginError]) {
      expect(error.status).toBe(502);
      expect(error.message).toContain("request was x-vault-token:");
      const text = everything(error);
      for (const secret of ["ROOT-TOKEN-SENTINEL", "NEW-KEY-VALUE", "LIST-VALUE", SECRET_ID]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it("a configuration error names the variables, never their values", () => {
    const error = (() => {
      try {
        vaultOptionsFromEnv({ VAULT_ADDR: "not a url", VAULT_ROLE_ID: "rid-SENTINEL", VAULT_TOKEN: " " });
      } catch (e) {
        return e as VaultConfigError;
      }
    })();
    expect(error).toBeInstanceOf(VaultConfigError);
    expect(error?.problems).toEqual([
      "VAULT_ADDR must be a URL (e.g. https://vault.example.com:8200)",
      "VAULT_SECRET_ID is required with VAULT_ROLE_ID",
    ]);
    expect(everything(error)).not.toContain("SENTINEL");
  });
});
