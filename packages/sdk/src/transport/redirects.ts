/**
 * The SDK follows redirects itself, by the rule every Keywarden client follows (`decideRedirect` of
 * @keywarden/rules): a same-origin 307/308, or 301/302/303 for a read, at most three; never to another
 * origin or from https to http, where the credentials it adds (an API key in `utm-api-key` or
 * `x-api-key`, which fetch keeps on a redirect, or a login's password in a 307's body) would follow.
 */
import { decideRedirect, isRedirectStatus } from "@keywarden/rules";
import { RedirectError } from "../errors/transport-errors.js";

/** What to do with one answer: keep it, send the request again to `to`, or give up with `error`. */
export type Hop =
  | { readonly kind: "answer" }
  | { readonly kind: "follow"; readonly to: string }
  | { readonly kind: "refuse"; readonly error: RedirectError };

const ANSWER: Hop = { kind: "answer" };

/** The request a hop is decided for. */
export interface HopRequest {
  readonly method: string;
  /** The caller's `redirect`: `follow` (by the rule above), `manual` (every 3xx handed back), `error`. */
  readonly redirect: RequestRedirect;
}

/** Decides on one answer to `url`, `hops` redirects into the request; `secrets` are kept out of an error. */
export function nextHop(
  response: Response,
  url: string,
  request: HopRequest,
  secrets: () => string[],
  hops: number,
): Hop {
  const { method, redirect } = request;
  if (redirect === "manual") return ANSWER;
  if (response.type === "opaqueredirect") {
    // A browser answers a redirect sent with `redirect: "manual"` without saying where it points.
    return refuse(
      `${method} ${url}: refused a redirect (a browser does not show where it points, so it is not followed)`,
      response,
      url,
      request,
      secrets,
    );
  }
  if (!isRedirectStatus(response.status)) return ANSWER;
  const location = response.headers.get("location") ?? undefined;
  const decision = decideRedirect(new URL(url), method, response.status, location, redirect, hops);
  if (decision.kind === "answer") return ANSWER;
  if (decision.kind === "follow") return { kind: "follow", to: decision.to.href };
  return refuse(decision.reason, response, url, request, secrets);
}

function refuse(
  reason: string,
  response: Response,
  url: string,
  request: HopRequest,
  secrets: () => string[],
): Hop {
  return {
    kind: "refuse",
    error: new RedirectError(reason, {
      status: response.status,
      method: request.method,
      url,
      headers: response.headers,
      secrets: secrets(),
    }),
  };
}
