import { describe, expect, it } from "vitest";
import { createVaultClient, VaultConfigError, vaultOptionsFromEnv } from "../src/index.js";

const problems = (env: Record<string, string>) => {
  try {
    vaultOptionsFromEnv(env);
    return [];
  } catch (error) {
    return (error as VaultConfigError).problems;
  }
};

describe("vaultOptionsFromEnv", () => {
  it("reads a token setup with defaults for the mounts", () => {
    expect(
      vaultOptionsFromEnv({ VAULT_ADDR: "http://127.0.0.1:8200", VAULT_TOKEN: "t", VAULT_NAMESPACE: "ns1" }),
    ).toEqual({
      address: "http://127.0.0.1:8200",
      token: "t",
      namespace: "ns1",
      kvMount: "secret",
    });
  });

  it("reads AppRole with its mount, and TLS settings", () => {
    expect(
      vaultOptionsFromEnv({
        VAULT_ADDR: "https://vault:8200",
        VAULT_ROLE_ID: "r",
        VAULT_SECRET_ID: "s",
        VAULT_APPROLE_MOUNT: "ci",
        VAULT_KV_MOUNT: "kv",
        VAULT_CACERT: "/etc/ca.pem",
        VAULT_TLS_SERVER_NAME: "vault.internal",
        VAULT_SKIP_VERIFY: "false",
      }),
    ).toEqual({
      address: "https://vault:8200",
      appRole: { roleId: "r", secretId: "s", mount: "ci" },
      kvMount: "kv",
      tls: { caCertPath: "/etc/ca.pem", serverName: "vault.internal" },
    });
  });

  it("lists each problem: missing address, no credentials, half an AppRole, half a client cert", () => {
    expect(problems({})).toEqual([
      "VAULT_ADDR is required, e.g. https://vault.example.com:8200",
      "Set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID (AppRole)",
    ]);
    expect(problems({ VAULT_ADDR: "http://v:8200" })).toEqual([
      "Set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID (AppRole)",
    ]);
    expect(problems({ VAULT_ADDR: "https://v:8200", VAULT_ROLE_ID: "r", VAULT_CLIENT_CERT: "c" })).toEqual([
      "VAULT_SECRET_ID is required with VAULT_ROLE_ID",
      "VAULT_CLIENT_KEY is required with VAULT_CLIENT_CERT (the certificate's private key)",
    ]);
    expect(problems({ VAULT_ADDR: "ftp://v", VAULT_TOKEN: "t", VAULT_KV_MOUNT: "a b" })).toEqual([
      "VAULT_ADDR must start with http:// or https://",
      'VAULT_KV_MOUNT must be a mount path like "secret"',
    ]);
  });

  it("reads VAULT_SKIP_VERIFY as the Vault CLI does (Go's ParseBool), and nothing else", () => {
    const skip = (value: string) =>
      vaultOptionsFromEnv({ VAULT_ADDR: "https://v:8200", VAULT_TOKEN: "t", VAULT_SKIP_VERIFY: value }).tls
        ?.insecureSkipVerify ?? false;
    for (const yes of ["1", "t", "T", "TRUE", "true", "True"]) expect(skip(yes)).toBe(true);
    for (const no of ["0", "f", "F", "FALSE", "false", "False"]) expect(skip(no)).toBe(false);
    for (const bad of ["maybe", "yes", "tRuE", "2"]) {
      expect(problems({ VAULT_ADDR: "https://v:8200", VAULT_TOKEN: "t", VAULT_SKIP_VERIFY: bad })).toEqual([
        'VAULT_SKIP_VERIFY must be "true" or "false" (or 1/0, t/f, as the Vault CLI reads it)',
      ]);
    }
  });

  it("refuses TLS settings with an http:// address, where they would do nothing", () => {
    expect(
      problems({
        VAULT_ADDR: "http://v:8200",
        VAULT_TOKEN: "t",
        VAULT_CACERT: "/ca.pem",
        VAULT_SKIP_VERIFY: "true",
      }),
    ).toEqual([
      "VAULT_CACERT needs an https:// VAULT_ADDR (it is http://, where TLS settings do nothing): use https://, or unset VAULT_CACERT",
      "VAULT_SKIP_VERIFY needs an https:// VAULT_ADDR (it is http://, where TLS settings do nothing): use https://, or unset VAULT_SKIP_VERIFY",
    ]);
    // asking for the check (false) asks TLS for nothing
    expect(problems({ VAULT_ADDR: "http://v:8200", VAULT_TOKEN: "t", VAULT_SKIP_VERIFY: "false" })).toEqual(
      [],
    );
  });

  it("trims values, takes a blank one as unset, and lets a token win over AppRole", () => {
    expect(
      vaultOptionsFromEnv({
        VAULT_ADDR: " https://v:8200 ",
        VAULT_TOKEN: " t\n",
        VAULT_ROLE_ID: "r",
        VAULT_NAMESPACE: "  ",
      }),
    ).toEqual({ address: "https://v:8200", token: "t", kvMount: "secret" });
  });

  it("refuses a user name or password in VAULT_ADDR, and does not repeat them", () => {
    const found = problems({ VAULT_ADDR: "https://admin:vpw123@vault.example.com:8200", VAULT_TOKEN: "t" });
    expect(found).toEqual([
      "VAULT_ADDR must not contain a user name or password (the value is not shown); set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID",
    ]);
    expect(() => createVaultClient({ address: "http://admin:vpw123@127.0.0.1:8200", token: "t" })).toThrow(
      VaultConfigError,
    );
    try {
      createVaultClient({ address: "http://admin:vpw123@127.0.0.1:8200", token: "t" });
    } catch (error) {
      expect((error as Error).message).not.toContain("vpw123");
    }
  });
});
