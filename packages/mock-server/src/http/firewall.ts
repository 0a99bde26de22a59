import type { MockReply } from "../exchange/reply.js";
import { headerError } from "./responses.js";

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
  if (rawPath.includes("%")) {
    try {
      decodeURIComponent(rawPath);
    } catch {
      return "Request path has a malformed percent-escape or escaped bytes that are not UTF-8";
    }
  }
  return undefined;
}

/**
 * UTMStack's answer to a request whose raw path its server refuses (Tomcat and Spring's firewall
 * refuse it before any filter, so before authentication), or undefined to go on. The error shape is
 * UTMStack's (the reason in `X-UtmStack-error`, an empty body): what the spec declares for a 400.
 */
export function pathRefusal(rawPath: string): MockReply | undefined {
  const problem = requestPathProblem(rawPath);
  return problem === undefined ? undefined : headerError(400, problem);
}
