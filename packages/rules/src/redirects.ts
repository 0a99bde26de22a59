/**
 * Which redirects Keywarden's clients follow (the SDK's transport, the Vault client's HTTP stack).
 * Everything they send carries a credential (a Vault token, an API key, a session) and often a secret
 * in the body (a new API key on its way to Vault), so:
 *
 * - a redirect to another origin is refused, never followed: not with the credential (the SRE's
 *   finding: a 307 from "Vault" to an http:// address received X-Vault-Token and a new key), and not
 *   without it either, since Vault or the key service would then refuse the call as unauthenticated,
 *   a misleading failure. The refusal names where it pointed. Vault answers a 307 only from a
 *   standby that cannot forward the request, pointing at the active node's `api_addr`: with request
 *   forwarding (Vault's default since 0.6.2) the answer comes through the node the client asked;
 * - a same-origin 307/308 (a standby behind a load balancer whose `api_addr` is the balancer) is
 *   followed with the same method, headers and body;
 * - a same-origin 301/302/303 is followed for GET and HEAD only: for other methods fetch would turn
 *   the call into a GET and drop its body, so a write would silently become a read;
 * - at most {@link MAX_REDIRECTS} hops.
 */

/** Enough for a balancer that lands on a standby twice; Vault's own client follows one. */
export const MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Whether `status` is one of the redirects {@link decideRedirect} decides on (a cheap first check). */
export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** Where a URL points, for a message: no user info, no query, no fragment. */
export function describeUrl(url: URL): string {
  return url.protocol === "http:" || url.protocol === "https:"
    ? `${url.protocol}//${url.host}${url.pathname}`
    : `a ${url.protocol} address`;
}
const BODYLESS_METHODS = new Set(["GET", "HEAD"]);

/** What to do with an answer: hand it to the caller, follow it, or refuse it (with why). */
export type RedirectDecision =
  | { readonly kind: "answer" }
  | { readonly kind: "follow"; readonly to: URL }
  | { readonly kind: "refuse"; readonly reason: string };

const ANSWER: RedirectDecision = { kind: "answer" };

/**
 * Decides on one answer of a request sent to `from`.
 * @param mode the caller's `redirect` option: `manual` hands every 3xx back, `error` refuses them all
 * @param hops redirects already followed for this request
 */
export function decideRedirect(
  from: URL,
  method: string,
  status: number,
  location: string | undefined,
  mode: "follow" | "error" | "manual",
  hops: number,
): RedirectDecision {
  if (!REDIRECT_STATUSES.has(status) || location === undefined || mode === "manual") return ANSWER;
  const refuse = (why: string): RedirectDecision => ({
    kind: "refuse",
    reason: `${method} ${describeUrl(from)}: refused a ${status} redirect ${why}`,
  });
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return refuse("to an unreadable address");
  }
  const where = `to ${describeUrl(to)}`;
  if (mode === "error") return refuse(`${where} (this request follows none)`);
  if (from.protocol === "https:" && to.protocol !== "https:")
    return refuse(`${where} (it would leave https)`);
  if (to.origin !== from.origin) {
    return refuse(`${where}: another origin, where credentials and request bodies are never sent`);
  }
  if (status !== 307 && status !== 308 && !BODYLESS_METHODS.has(method)) {
    return refuse(`${where} (it would turn the ${method} into a GET without its body)`);
  }
  if (hops >= MAX_REDIRECTS) return refuse(`${where} (more than ${MAX_REDIRECTS} in a row)`);
  return { kind: "follow", to };
}
