import {
  createHttpStack,
  DEFAULT_DEADLINES,
  type HttpFetch,
  type HttpStackOptions,
  readTlsSettings,
} from "./http/index.js";

/** The deadlines of a client's own HTTP stack. */
export type HttpDeadlines = Pick<HttpStackOptions, "connectMs" | "requestMs">;

/** TLS settings, as the Vault CLI reads them from `VAULT_CACERT`, `VAULT_CLIENT_CERT`, ... */
export interface VaultTlsOptions {
  /** PEM text of the CA(s) to trust instead of the system store. */
  caCert?: string;
  /** Path of a PEM file of CA(s) (`VAULT_CACERT`). */
  caCertPath?: string;
  /** Client certificate and key (PEM text or file paths) for TLS client auth. */
  clientCert?: string;
  clientKey?: string;
  /** `VAULT_TLS_SERVER_NAME`: the name to verify the server certificate against. */
  serverName?: string;
  /** `VAULT_SKIP_VERIFY`: do not verify the server certificate. For development only. */
  insecureSkipVerify?: boolean;
}

/** True when any TLS option is set. */
function hasTlsOptions(tls: VaultTlsOptions | undefined): tls is VaultTlsOptions {
  return tls !== undefined && Object.values(tls).some((v) => v !== undefined && v !== false);
}

/**
 * For a client built without a `fetch` (a caller with its own stack passes that stack's): this
 * package's HTTP stack with the default deadlines, and these TLS settings, if any, on Vault's origin.
 * Never the platform's fetch: it follows a redirect to any origin with the token (and a 307's body)
 * and has no deadline.
 */
export function ownFetch(
  address: string,
  tls: VaultTlsOptions | undefined,
  deadlines: Partial<HttpDeadlines> = {},
): HttpFetch {
  const stackDeadlines = { ...DEFAULT_DEADLINES, ...deadlines };
  if (!hasTlsOptions(tls)) return createHttpStack(stackDeadlines).fetch;
  const settings = readTlsSettings(
    {
      ca: tls.caCert ?? tls.caCertPath,
      cert: tls.clientCert,
      key: tls.clientKey,
      servername: tls.serverName,
      skipVerify: tls.insecureSkipVerify,
    },
    { ca: "VAULT_CACERT", cert: "VAULT_CLIENT_CERT", key: "VAULT_CLIENT_KEY" },
  );
  return createHttpStack({ ...stackDeadlines, tls: { [address]: settings } }).fetch;
}
