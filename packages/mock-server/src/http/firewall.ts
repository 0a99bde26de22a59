import type { Clock } from "../clock.js";
import { rawPathOf } from "./adapter-request.js";
import { answering } from "./known-body.js";
import { bootError } from "./responses.js";
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
 * in Spring's error shape, on every route under `/api` and `/__mock`, known or not. Other requests
 * fall through to the routes.
 */
export function firewallHandlers(clock: Clock, base: string): RouteHandler[] {
  const refuse = ({ request }: { request: Request }) => {
    const rawPath = rawPathOf(request);
    const problem = requestPathProblem(rawPath);
    if (problem === undefined) return undefined;
    return answering(request, () => bootError(400, rawPath.slice(0, 2048), clock.now(), problem));
  };
  return [route.all(`${base}/api/*`, refuse), route.all(`${base}/__mock/*`, refuse)];
}
