import { createHttpStack, type HttpStack, readTlsSettings } from "@keywarden/vault";
import type { RotatorConfig } from "../config.js";
import type { Logger } from "../observability/logger.js";

const SKIP_VERIFY_WARNING =
  "VAULT_SKIP_VERIFY=true: Vault's TLS certificate is NOT checked. Anyone on the network path can " +
  "pose as Vault and receive the Vault token and every API key the rotator stores. Development only: " +
  "set VAULT_CACERT (and VAULT_TLS_SERVER_NAME) instead.";

/**
 * The rotator's HTTP stack from its configuration: the configured deadlines for every request, and
 * Vault's TLS settings (read from their files now, so a bad path stops the start) on Vault's origin
 * only; the key service is checked against the system's CAs. Skipping Vault's certificate check is
 * logged at start, loudly.
 */
export function httpStackFromConfig(config: RotatorConfig, logger?: Logger): HttpStack {
  const { tls, addr } = config.vault;
  if (tls.skipVerify) {
    if (logger) logger.warn({ event: "vault.tls_unverified" }, SKIP_VERIFY_WARNING);
    else process.emitWarning(SKIP_VERIFY_WARNING, "SecurityWarning");
  }
  const custom = Boolean(tls.caCert || tls.clientCert || tls.clientKey || tls.serverName || tls.skipVerify);
  const settings = custom
    ? readTlsSettings(
        {
          ca: tls.caCert,
          cert: tls.clientCert,
          key: tls.clientKey,
          servername: tls.serverName,
          skipVerify: tls.skipVerify,
        },
        { ca: "VAULT_CACERT", cert: "VAULT_CLIENT_CERT", key: "VAULT_CLIENT_KEY" },
      )
    : undefined;
  return createHttpStack({ ...config.http, ...(settings ? { tls: { [addr]: settings } } : {}) });
}
