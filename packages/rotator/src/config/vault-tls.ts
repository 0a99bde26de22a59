/**
 * The Vault TLS settings against the address they apply to. Over `http://` no TLS setting can take
 * effect, so one that is set is a mistake (a CA meant to be checked, a certificate meant to be
 * presented) that would otherwise go unnoticed; and a client certificate needs its key.
 */

/** The TLS settings that only mean something with an `https://` `VAULT_ADDR`. */
export const VAULT_TLS_SETTINGS = [
  "VAULT_CACERT",
  "VAULT_CLIENT_CERT",
  "VAULT_CLIENT_KEY",
  "VAULT_TLS_SERVER_NAME",
  "VAULT_SKIP_VERIFY",
] as const;

const isSet = (value: unknown) => typeof value === "string" && value.trim() !== "";
// `VAULT_SKIP_VERIFY=false` asks for nothing TLS would have to do, so it fits an http:// address.
const skipsVerification = (value: unknown) => value === "true" || value === "1";

/**
 * Adds one line to `problems` per TLS setting given with an `http://` `VAULT_ADDR`, and one for a
 * client certificate without its key (or the reverse). Reads the values as given (before the
 * schema), so these show together with every other problem; a malformed address is the schema's.
 */
export function checkVaultTls(values: Readonly<Record<string, unknown>>, problems: string[]): void {
  const addr = values.VAULT_ADDR;
  if (typeof addr === "string" && URL.canParse(addr) && new URL(addr).protocol === "http:") {
    for (const name of VAULT_TLS_SETTINGS) {
      const given = name === "VAULT_SKIP_VERIFY" ? skipsVerification(values[name]) : isSet(values[name]);
      if (given) {
        problems.push(
          `${name} needs an https:// VAULT_ADDR (it is http://, where TLS settings do nothing): use https://, or unset ${name}`,
        );
      }
    }
  }
  if (isSet(values.VAULT_CLIENT_CERT) && !isSet(values.VAULT_CLIENT_KEY)) {
    problems.push("VAULT_CLIENT_KEY is required with VAULT_CLIENT_CERT (the certificate's private key)");
  } else if (isSet(values.VAULT_CLIENT_KEY) && !isSet(values.VAULT_CLIENT_CERT)) {
    problems.push("VAULT_CLIENT_CERT is required with VAULT_CLIENT_KEY (the certificate for the key)");
  }
}
