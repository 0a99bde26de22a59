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

/** UTMStack's answer to a request whose path its server refuses, or undefined to go on. */
export function pathRefusal(request: Request): Response | undefined {
  const problem = requestPathProblem(rawPathOf(request));
  // UTMStack's error shape (the reason in X-UtmStack-error, an empty body): what the spec declares
  // for a 400
  return problem === undefined ? undefined : headerError(400, problem);
}

/**
 * The firewall for paths no route matched: placed after the key service's routes, so a bad path
 * under `/api` or `/__mock` is a 400 there too (Tomcat refuses it before routing), while a matched
 * route checks its own path first (see route.ts) and an ordinary request never pays for this one.
 */
export function firewallHandlers(base: string): RouteHandler[] {
  const refuse = ({ request }: { request: Request }) => pathRefusal(request);
  return [route.all(`${base}/api/*`, refuse), route.all(`${base}/__mock/*`, refuse)];
}
