/**
 * The rotator reads the `VAULT_*` settings by @keywarden/vault's rules (readVaultEnv), and refuses
 * TLS settings that an http:// VAULT_ADDR would ignore.
 */
import { readVaultEnv } from "@keywarden/vault";
import { describe, expect, it } from "vitest";
import { loadConfigWithWarnings } from "../../src/config.js";
import { minimalEnv as minimal, problemsOf } from "../support/config-env.js";

describe("the VAULT_* settings", () => {
  it("reads VAULT_* by @keywarden/vault's rules: what the client accepts or refuses, the rotator does too", () => {
    const cases: Record<string, string | undefined>[] = [
      { VAULT_SKIP_VERIFY: "TRUE", VAULT_ADDR: "https://vault:8200" },
      { VAULT_SKIP_VERIFY: "t", VAULT_ADDR: "https://vault:8200" },
      { VAULT_SKIP_VERIFY: "yes", VAULT_ADDR: "https://vault:8200" },
      { VAULT_ADDR: " https://vault:8200 ", VAULT_NAMESPACE: "team/a" },
      { VAULT_KV_MOUNT: "kv two" },
      { VAULT_APPROLE_MOUNT: "ci", VAULT_TOKEN: "", VAULT_ROLE_ID: "r", VAULT_SECRET_ID: "s" },
      { VAULT_TOKEN: "", VAULT_SECRET_ID: "s" },
      { VAULT_ADDR: "vault:8200" },
    ];
    for (const vaultEnv of cases) {
      const env = { ...minimal, ...vaultEnv };
      const client = readVaultEnv(env);
      if (client.problems.length > 0) {
        const rotatorProblems = problemsOf(env).filter((line) => /^(Set )?VAULT_/.test(line));
        expect(rotatorProblems).toEqual(client.problems);
      }
      if (client.settings) {
        const { address, auth, namespace, tls, kvMount } = client.settings;
        expect(loadConfigWithWarnings(env).config.vault).toEqual({
          addr: address,
          auth,
          ...(namespace ? { namespace } : {}),
          tls,
          kvMount,
          pathTemplate: "keywarden/{name}",
        });
      }
    }
    expect(problemsOf({ ...minimal, VAULT_SKIP_VERIFY: "yes", VAULT_ADDR: "https://v" })).toEqual([
      'VAULT_SKIP_VERIFY must be "true" or "false" (or 1/0, t/f, as the Vault CLI reads it)',
    ]);
  });

  it("TLS settings with an http:// VAULT_ADDR are refused, and a client certificate needs its key", () => {
    const http = { ...minimal, VAULT_ADDR: "http://vault.internal:8200" };
    expect(
      problemsOf({
        ...http,
        VAULT_CACERT: "/etc/ca.pem",
        VAULT_CLIENT_CERT: "/etc/client.pem",
        VAULT_CLIENT_KEY: "/etc/client.key",
        VAULT_TLS_SERVER_NAME: "vault",
        VAULT_SKIP_VERIFY: "true",
      }),
    ).toEqual(
      [
        "VAULT_CACERT",
        "VAULT_CLIENT_CERT",
        "VAULT_CLIENT_KEY",
        "VAULT_TLS_SERVER_NAME",
        "VAULT_SKIP_VERIFY",
      ].map(
        (name) =>
          `${name} needs an https:// VAULT_ADDR (it is http://, where TLS settings do nothing): use https://, or unset ${name}`,
      ),
    );
    // Turning verification off explicitly asks nothing of TLS.
    expect(loadConfigWithWarnings({ ...http, VAULT_SKIP_VERIFY: "false" }).config.vault.tls.skipVerify).toBe(
      false,
    );
    expect(problemsOf({ ...minimal, VAULT_CLIENT_CERT: "/etc/client.pem" })).toEqual([
      "VAULT_CLIENT_KEY is required with VAULT_CLIENT_CERT (the certificate's private key)",
    ]);
    expect(problemsOf({ ...minimal, VAULT_CLIENT_KEY: "/etc/client.key" })).toEqual([
      "VAULT_CLIENT_CERT is required with VAULT_CLIENT_KEY (the certificate for the key)",
    ]);
    expect(
      loadConfigWithWarnings({ ...minimal, VAULT_CLIENT_CERT: "/c.pem", VAULT_CLIENT_KEY: "/c.key" }).config
        .vault.tls,
    ).toEqual({ clientCert: "/c.pem", clientKey: "/c.key", skipVerify: false });
  });
});
