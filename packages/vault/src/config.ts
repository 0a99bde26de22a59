import { z } from "zod";
import { hasUrlCredentials } from "./address.js";
import type { VaultClientOptions } from "./client.js";
import { VaultConfigError } from "./errors.js";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const envSchema = z.object({
  VAULT_ADDR: z
    .string({ error: "VAULT_ADDR is required, e.g. https://vault.example.com:8200" })
    .trim()
    .refine((v) => /^https?:\/\/[^/\s]+/.test(v), { error: "VAULT_ADDR must be an http:// or https:// URL" })
    .refine((v) => !hasUrlCredentials(v), {
      error:
        "VAULT_ADDR must not contain a user name or password (the value is not shown); use VAULT_TOKEN or AppRole",
    }),
  VAULT_TOKEN: optionalText,
  VAULT_NAMESPACE: optionalText,
  VAULT_CACERT: optionalText,
  VAULT_CLIENT_CERT: optionalText,
  VAULT_CLIENT_KEY: optionalText,
  VAULT_TLS_SERVER_NAME: optionalText,
  VAULT_SKIP_VERIFY: optionalText.refine((v) => v === undefined || /^(1|0|true|false|t|f)$/i.test(v), {
    error: "VAULT_SKIP_VERIFY must be true or false",
  }),
  VAULT_ROLE_ID: optionalText,
  VAULT_SECRET_ID: optionalText,
  VAULT_APPROLE_MOUNT: optionalText,
  VAULT_KV_MOUNT: optionalText,
});

/**
 * Reads the Vault client's settings from the environment, as the Vault CLI does: `VAULT_ADDR`,
 * `VAULT_TOKEN` or AppRole (`VAULT_ROLE_ID` + `VAULT_SECRET_ID`, mount `VAULT_APPROLE_MOUNT`, default
 * `approle`), `VAULT_NAMESPACE`, `VAULT_CACERT`, `VAULT_CLIENT_CERT`/`VAULT_CLIENT_KEY`,
 * `VAULT_TLS_SERVER_NAME`, `VAULT_SKIP_VERIFY`, and `VAULT_KV_MOUNT` (default `secret`).
 * @throws {VaultConfigError} listing every problem (names only, never a value)
 */
export function vaultOptionsFromEnv(env: Record<string, string | undefined>): VaultClientOptions {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  if (parsed.success) {
    const e = parsed.data;
    if (!e.VAULT_TOKEN && !(e.VAULT_ROLE_ID && e.VAULT_SECRET_ID)) {
      problems.push("set VAULT_TOKEN, or both VAULT_ROLE_ID and VAULT_SECRET_ID for AppRole login");
    }
    if (Boolean(e.VAULT_ROLE_ID) !== Boolean(e.VAULT_SECRET_ID)) {
      problems.push("AppRole needs both VAULT_ROLE_ID and VAULT_SECRET_ID");
    }
    if (Boolean(e.VAULT_CLIENT_CERT) !== Boolean(e.VAULT_CLIENT_KEY)) {
      problems.push("TLS client auth needs both VAULT_CLIENT_CERT and VAULT_CLIENT_KEY");
    }
  }
  if (!parsed.success || problems.length > 0) throw new VaultConfigError(problems);
  const e = parsed.data;
  const tls = {
    ...(e.VAULT_CACERT ? { caCertPath: e.VAULT_CACERT } : {}),
    ...(e.VAULT_CLIENT_CERT ? { clientCert: e.VAULT_CLIENT_CERT } : {}),
    ...(e.VAULT_CLIENT_KEY ? { clientKey: e.VAULT_CLIENT_KEY } : {}),
    ...(e.VAULT_TLS_SERVER_NAME ? { serverName: e.VAULT_TLS_SERVER_NAME } : {}),
    ...(e.VAULT_SKIP_VERIFY && /^(1|true|t)$/i.test(e.VAULT_SKIP_VERIFY) ? { insecureSkipVerify: true } : {}),
  };
  return {
    address: e.VAULT_ADDR,
    ...(e.VAULT_TOKEN ? { token: e.VAULT_TOKEN } : {}),
    ...(e.VAULT_NAMESPACE ? { namespace: e.VAULT_NAMESPACE } : {}),
    ...(e.VAULT_ROLE_ID && e.VAULT_SECRET_ID
      ? {
          appRole: {
            roleId: e.VAULT_ROLE_ID,
            secretId: e.VAULT_SECRET_ID,
            mount: e.VAULT_APPROLE_MOUNT ?? "approle",
          },
        }
      : {}),
    kvMount: e.VAULT_KV_MOUNT ?? "secret",
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
  };
}
