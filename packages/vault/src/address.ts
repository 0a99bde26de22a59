/**
 * Vault's address must not carry a login: fetch refuses a URL with `user:password@` and quotes it,
 * password included, in its error, and Vault authenticates by token or AppRole anyway.
 */

/** True when `url` parses and carries a user name or a password. */
export function hasUrlCredentials(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.username !== "" || parsed.password !== "";
}
