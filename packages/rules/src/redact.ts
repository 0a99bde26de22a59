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

// The value ends where the query's next parameter, the fragment, the text or a quoted string does.
const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_QUERY_PARAMETERS.join("|")})=)[^&#\\s"']*`, "gi");
// scheme "://" userinfo "@": greedy up to the last "@" before the path, as URL parsers read it
// (a password may itself contain "@").
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]+@/gi;

/**
 * `text` with the value of every {@link SECRET_QUERY_PARAMETERS} replaced by `marker`; the name stays,
 * so a reader still sees that a token was sent.
 * @example redactSecretQuery("/x?page=1&access_token=abc", "[redacted]") // "/x?page=1&access_token=[redacted]"
 */
export function redactSecretQuery(text: string, marker: string): string {
  // Most texts hold no query at all: skip the regular expression for them.
  if (!text.includes("=")) return text;
  return text.replace(SECRET_QUERY, (_match, prefix: string) => `${prefix}${marker}`);
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
