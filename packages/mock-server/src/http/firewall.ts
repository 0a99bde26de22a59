import { rawPathOf } from "./adapter-request.js";
import { headerError } from "./responses.js";
import { type RouteHandler, route } from "./route-handler.js";

// As Spring Security's StrictHttpFirewall: paths a proxy and the server might read differently.
const UNNORMALISED_PATH = /(^|\/)\.\.?(\/|$)|\/\/|\\|;|%2e|%2f|%5c|%00/i;

/**
 * Why UTMStack's server would refuse a request path before any controller ran, or undefined:
 * Spring's firewall refuses unnormalised paths, and Tomcat a malformed percent-escape (`%ZZ`, a
 * truncated `%E0%A4%A`) or escaped bytes that are not UTF-8 (`%ff`).
 */
export function requestPathProblem(rawPath: string): string | undefined {
  if (UNNORMALISED_PATH.test(rawPath)) {
    return "Request path must be normalised: no '.' or '..' segments, '//', backslash, ';', or encoded '.', '/', backslash or NUL";
  }
  try {
    decodeURIComponent(rawPath);
  } catch {
    return "Request path has a malformed percent-escape or escaped bytes that are not UTF-8";
  }
  return undefined;
}

/**
 * The key service's front door, placed before its routes: a path its firewall would refuse is a 400
 * on every route under `/api` and `/__mock`, known or not, in UTMStack's error shape (the reason in
 * `X-UtmStack-error`, an empty body), which is what the spec declares for a 400. Other requests fall
 * through to the routes.
 */
export function firewallHandlers(base: string): RouteHandler[] {
  const refuse = ({ request }: { request: Request }) => {
    const problem = requestPathProblem(rawPathOf(request));
    return problem === undefined ? undefined : headerError(400, problem);
  };
  return [route.all(`${base}/api/*`, refuse), route.all(`${base}/__mock/*`, refuse)];
}
