/**
 * The query parameters whose value is a credential wherever Keywarden meets them: JHipster's
 * `access_token`, API keys as some gateways take them, tokens, passwords, secrets. Matched without
 * regard to case (`apiKey` is `apikey`).
 */
export const SECRET_QUERY_PARAMETERS: readonly string[] = [
  "access_token",
  "api_key",
  "apikey",
  "token",
  "password",
  "secret",
];

const SECRET_NAMES = new Set(SECRET_QUERY_PARAMETERS);
// One parameter: its name (no `?` in it, so a run of `?` is scanned once) and its value, which ends
// where the query's next parameter, the fragment, the text or a quoted string does.
const QUERY_PARAMETER = /([?&])([^=&#?\s"']+)=([^&#\s"']*)/g;

/** Whether a parameter's name, as a server decodes it (`access%5Ftoken` is `access_token`), is a secret's. */
function isSecretName(name: string): boolean {
  let decoded = name;
  if (name.includes("%") || name.includes("+")) {
    try {
      decoded = decodeURIComponent(name.replaceAll("+", " "));
    } catch {
      decoded = name;
    }
  }
  return SECRET_NAMES.has(decoded.toLowerCase());
}

// scheme "://" userinfo "@": greedy up to the last "@" before the path, as URL parsers read it
// (a password may itself contain "@").
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]+@/gi;

/**
 * `text` with the value of every {@link SECRET_QUERY_PARAMETERS} replaced by `marker`, its name
 * matched as a server decodes it (`access%5Ftoken`) and without regard to case; the name stays, so a
 * reader still sees that a token was sent.
 * @example redactSecretQuery("/x?page=1&access_token=abc", "[redacted]") // "/x?page=1&access_token=[redacted]"
 */
export function redactSecretQuery(text: string, marker: string): string {
  // Most texts hold no query at all: skip the regular expression for them.
  if (!text.includes("=")) return text;
  return text.replace(QUERY_PARAMETER, (match, separator: string, name: string) =>
    isSecretName(name) ? `${separator}${name}=${marker}` : match,
  );
}

/**
 * `text` with the `user:password@` part of every URL replaced by `marker` (a Redis URL legitimately
 * carries its password there, and a library error may quote the URL it was given).
 * @example redactUrlUserinfo("redis://:pw@r:6379", "[redacted]") // "redis://[redacted]@r:6379"
 */
export function redactUrlUserinfo(text: string, marker: string): string {
  if (!text.includes("://")) return text;
  return text.replace(URL_USERINFO, (_match, scheme: string) => `${scheme}${marker}@`);
}

// A credential after its HTTP scheme: `Bearer <token>`, `Basic <base64>`.
const SCHEME_CREDENTIAL = /\b(Bearer|Basic)\s+[^\s,;"']+/gi;
// A JWT is three base64url segments, the first of which always starts with `eyJ` (`{"`). It must
// start a base64url run: matching from any `eyJ` inside one (`eyJ-eyJ-…`) rescans the run each time,
// quadratic in a hostile body.
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
// UTMStack keys are 32 random bytes in base64url without padding: exactly 43 characters.
const UTM_KEY = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
// Vault's tokens: `hvs.`/`hvb.`/`hvr.` and a long body; before Vault 1.10, `s.`/`b.`/`r.` and 24 characters.
const VAULT_TOKEN =
  /(?<![A-Za-z0-9_.-])(?:hv[sbr]\.[A-Za-z0-9_-]{20,}|[sbr]\.[A-Za-z0-9]{24}(?![A-Za-z0-9]))/g;

/**
 * `text` with everything shaped like a credential replaced by `marker`: the value after `Bearer` or
 * `Basic`, a JWT, a UTMStack API key (43 base64url characters), a Vault token. For text that may quote
 * a request (a server's or a proxy's error) when the exact secrets are not all known.
 * @example redactCredentialShapes("token hvs.EXAMPLE-NOT-A-TOKEN-xxxxxxxx", "[redacted]") // "token [redacted]"
 */
export function redactCredentialShapes(text: string, marker: string): string {
  return text
    .replace(SCHEME_CREDENTIAL, (_match, scheme: string) => `${scheme} ${marker}`)
    .replace(JWT, marker)
    .replace(UTM_KEY, marker)
    .replace(VAULT_TOKEN, marker);
}

/**
 * `text` with each of `secrets` replaced by `marker` wherever it appears. Values under four
 * characters are left alone: they would shred ordinary text (and are caught by shape, if at all).
 */
export function redactKnownSecrets(text: string, secrets: Iterable<string>, marker: string): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(marker);
  }
  return out;
}
