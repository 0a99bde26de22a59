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
    expect(problems({})).toEqual(["VAULT_ADDR: VAULT_ADDR is required, e.g. https://vault.example.com:8200"]);
    expect(problems({ VAULT_ADDR: "http://v:8200" })).toEqual([
      "set VAULT_TOKEN, or both VAULT_ROLE_ID and VAULT_SECRET_ID for AppRole login",
    ]);
    expect(
      problems({ VAULT_ADDR: "http://v:8200", VAULT_TOKEN: "t", VAULT_ROLE_ID: "r", VAULT_CLIENT_CERT: "c" }),
    ).toEqual([
      "AppRole needs both VAULT_ROLE_ID and VAULT_SECRET_ID",
      "TLS client auth needs both VAULT_CLIENT_CERT and VAULT_CLIENT_KEY",
    ]);
    expect(problems({ VAULT_ADDR: "http://v:8200", VAULT_TOKEN: "t", VAULT_SKIP_VERIFY: "maybe" })).toEqual([
      "VAULT_SKIP_VERIFY: VAULT_SKIP_VERIFY must be true or false",
    ]);
  });

  it("refuses a user name or password in VAULT_ADDR, and does not repeat them", () => {
    const found = problems({ VAULT_ADDR: "https://admin:vpw123@vault.example.com:8200", VAULT_TOKEN: "t" });
    expect(found).toEqual([
      "VAULT_ADDR: VAULT_ADDR must not contain a user name or password (the value is not shown); use VAULT_TOKEN or AppRole",
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
