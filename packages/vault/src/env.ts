/**
 * The `VAULT_*` environment variables, read by one set of rules: this client's own
 * `vaultOptionsFromEnv`, and every program that reads them next to its own settings (the rotator).
 * The names and their meaning are the Vault CLI's; a value that would do nothing, or something other
 * than asked, is refused. Problems name the setting, never its value (a token pasted in the wrong
 * place is not echoed).
 */
import { hasUrlCredentials } from "./address.js";
import type { VaultClientOptions } from "./client.js";
import { VaultConfigError } from "./errors.js";

/** The TLS settings, which only mean something with an `https://` `VAULT_ADDR`. */
const TLS_NAMES = [
  "VAULT_CACERT",
  "VAULT_CLIENT_CERT",
  "VAULT_CLIENT_KEY",
  "VAULT_TLS_SERVER_NAME",
  "VAULT_SKIP_VERIFY",
] as const;

/** The variables read here, as the Vault CLI names them (`VAULT_KV_MOUNT` is this client's). */
export const VAULT_ENV_NAMES = [
  "VAULT_ADDR",
  "VAULT_TOKEN",
  "VAULT_ROLE_ID",
  "VAULT_SECRET_ID",
  "VAULT_APPROLE_MOUNT",
  "VAULT_NAMESPACE",
  "VAULT_KV_MOUNT",
  ...TLS_NAMES,
] as const;

/** The variables that hold a secret. */
export const VAULT_SECRET_NAMES = ["VAULT_TOKEN", "VAULT_SECRET_ID"] as const;

/** How the client logs in to Vault. */
export type VaultEnvAuth =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "approle"; readonly roleId: string; readonly secretId: string; readonly mount: string };

/** The settings the `VAULT_*` variables give, checked. */
export interface VaultEnvSettings {
  readonly address: string;
  readonly auth: VaultEnvAuth;
  readonly namespace?: string;
  readonly kvMount: string;
  readonly tls: {
    readonly caCert?: string;
    readonly clientCert?: string;
    readonly clientKey?: string;
    readonly serverName?: string;
    /** `VAULT_SKIP_VERIFY`: no certificate check at all. */
    readonly skipVerify: boolean;
  };
}

/** What reading the variables gave: the settings, or every problem found (one line each). */
export type VaultEnvReading =
  | { readonly settings: VaultEnvSettings; readonly problems: readonly [] }
  | { readonly settings?: undefined; readonly problems: readonly string[] };

// Go's strconv.ParseBool, which the Vault CLI reads VAULT_SKIP_VERIFY with.
const TRUE_WORDS = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE_WORDS = new Set(["0", "f", "F", "FALSE", "false", "False"]);
const MOUNT_PATH = /^[\w.-]+(\/[\w.-]+)*$/;
const ADDRESS_EXAMPLE = "e.g. https://vault.example.com:8200";

/**
 * Reads the `VAULT_*` variables: `VAULT_ADDR`; `VAULT_TOKEN`, or AppRole (`VAULT_ROLE_ID` +
 * `VAULT_SECRET_ID`, mount `VAULT_APPROLE_MOUNT`, default `approle`), a token winning over AppRole;
 * `VAULT_NAMESPACE`; `VAULT_KV_MOUNT` (default `secret`); and, with an `https://` address only,
 * `VAULT_CACERT`, `VAULT_CLIENT_CERT` with `VAULT_CLIENT_KEY`, `VAULT_TLS_SERVER_NAME` and
 * `VAULT_SKIP_VERIFY`. Values are trimmed; an empty one is unset. Other names are not looked at.
 *
 * @example
 * const { settings, problems } = readVaultEnv(process.env);
 * if (!settings) throw new Error(problems.join("\n"));
 */
export function readVaultEnv(values: Readonly<Record<string, unknown>>): VaultEnvReading {
  const problems: string[] = [];
  const text = (name: (typeof VAULT_ENV_NAMES)[number]) => {
    const value = values[name];
    if (typeof value !== "string") return undefined;
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  };

  const address = text("VAULT_ADDR");
  if (address === undefined) problems.push(`VAULT_ADDR is required, ${ADDRESS_EXAMPLE}`);
  const https = address !== undefined && checkAddress(address, problems) === "https:";
  const auth = readAuth(text("VAULT_TOKEN"), text("VAULT_ROLE_ID"), text("VAULT_SECRET_ID"), problems);
  const appRoleMount = text("VAULT_APPROLE_MOUNT") ?? "approle";
  const kvMount = text("VAULT_KV_MOUNT") ?? "secret";
  if (!MOUNT_PATH.test(kvMount)) problems.push('VAULT_KV_MOUNT must be a mount path like "secret"');
  if (!MOUNT_PATH.test(appRoleMount)) {
    problems.push('VAULT_APPROLE_MOUNT must be a mount path like "approle"');
  }

  const skip = text("VAULT_SKIP_VERIFY");
  if (skip !== undefined && !TRUE_WORDS.has(skip) && !FALSE_WORDS.has(skip)) {
    problems.push('VAULT_SKIP_VERIFY must be "true" or "false" (or 1/0, t/f, as the Vault CLI reads it)');
  }
  const skipVerify = skip !== undefined && TRUE_WORDS.has(skip);
  if (address !== undefined && URL.canParse(address) && !https) {
    // Over http:// no TLS setting takes effect: one that is set is a mistake that would go unnoticed.
    // `VAULT_SKIP_VERIFY=false` asks for nothing, so it fits.
    for (const name of TLS_NAMES) {
      if (name === "VAULT_SKIP_VERIFY" ? skipVerify : text(name) !== undefined) {
        problems.push(
          `${name} needs an https:// VAULT_ADDR (it is http://, where TLS settings do nothing): use https://, or unset ${name}`,
        );
      }
    }
  }
  const clientCert = text("VAULT_CLIENT_CERT");
  const clientKey = text("VAULT_CLIENT_KEY");
  if (clientCert !== undefined && clientKey === undefined) {
    problems.push("VAULT_CLIENT_KEY is required with VAULT_CLIENT_CERT (the certificate's private key)");
  } else if (clientKey !== undefined && clientCert === undefined) {
    problems.push("VAULT_CLIENT_CERT is required with VAULT_CLIENT_KEY (the certificate for the key)");
  }

  if (address === undefined || auth === undefined || problems.length > 0) {
    return { problems };
  }
  const namespace = text("VAULT_NAMESPACE");
  const caCert = text("VAULT_CACERT");
  const serverName = text("VAULT_TLS_SERVER_NAME");
  return {
    settings: {
      address,
      auth: auth.kind === "approle" ? { ...auth, mount: appRoleMount } : auth,
      ...(namespace ? { namespace } : {}),
      kvMount,
      tls: {
        ...(caCert ? { caCert } : {}),
        ...(clientCert ? { clientCert } : {}),
        ...(clientKey ? { clientKey } : {}),
        ...(serverName ? { serverName } : {}),
        skipVerify,
      },
    },
    problems: [],
  };
}

/**
 * Reads {@link VaultClientOptions} from the `VAULT_*` variables by the rules of {@link readVaultEnv}.
 *
 * @example
 * const vault = createVaultClient(vaultOptionsFromEnv(process.env));
 * @throws {VaultConfigError} listing every problem (names only, never a value)
 */
export function vaultOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): VaultClientOptions {
  const { settings, problems } = readVaultEnv(env);
  if (!settings) throw new VaultConfigError(problems);
  const { auth, tls } = settings;
  const tlsOptions = {
    ...(tls.caCert ? { caCertPath: tls.caCert } : {}),
    ...(tls.clientCert ? { clientCert: tls.clientCert } : {}),
    ...(tls.clientKey ? { clientKey: tls.clientKey } : {}),
    ...(tls.serverName ? { serverName: tls.serverName } : {}),
    ...(tls.skipVerify ? { insecureSkipVerify: true } : {}),
  };
  return {
    address: settings.address,
    ...(auth.kind === "token"
      ? { token: auth.token }
      : { appRole: { roleId: auth.roleId, secretId: auth.secretId, mount: auth.mount } }),
    ...(settings.namespace ? { namespace: settings.namespace } : {}),
    kvMount: settings.kvMount,
    ...(Object.keys(tlsOptions).length > 0 ? { tls: tlsOptions } : {}),
  };
}

/** Checks `VAULT_ADDR`; returns its protocol when it is one Vault can be reached by. */
function checkAddress(address: string, problems: string[]): string | undefined {
  if (!URL.canParse(address)) {
    problems.push(`VAULT_ADDR must be a URL (${ADDRESS_EXAMPLE})`);
    return undefined;
  }
  const { protocol } = new URL(address);
  if (hasUrlCredentials(address)) {
    problems.push(
      "VAULT_ADDR must not contain a user name or password (the value is not shown); set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID",
    );
  }
  if (protocol !== "http:" && protocol !== "https:") {
    problems.push("VAULT_ADDR must start with http:// or https://");
    return undefined;
  }
  return protocol;
}

/** The login the variables ask for: a token wins over AppRole; half an AppRole is a problem. */
function readAuth(
  token: string | undefined,
  roleId: string | undefined,
  secretId: string | undefined,
  problems: string[],
): { kind: "token"; token: string } | { kind: "approle"; roleId: string; secretId: string } | undefined {
  if (token !== undefined) return { kind: "token", token };
  if (roleId !== undefined && secretId !== undefined) return { kind: "approle", roleId, secretId };
  if (roleId !== undefined) problems.push("VAULT_SECRET_ID is required with VAULT_ROLE_ID");
  else if (secretId !== undefined) problems.push("VAULT_ROLE_ID is required with VAULT_SECRET_ID");
  else problems.push("Set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID (AppRole)");
  return undefined;
}
