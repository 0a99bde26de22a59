import { cleanUrl, HttpHandler, type HttpResponseResolver, type PathParams } from "msw";
import { type MatchFunction, match } from "path-to-regexp";
import { requestUrlOf } from "./adapter-request.js";

// msw 2.15's coercePath (utils/matching/matchRequestUrl): `*` wildcards become `(.*)` groups and a
// port-like colon is escaped. Copied because msw does not export it; test/http/route-handler.test.ts
// checks that matching equals msw's own `matchRequestUrl`, so an msw change cannot slip by.
function coercePath(path: string): string {
  return path
    .replace(/([:a-zA-Z_-]*)(\*{1,2})+/g, (_, parameterName: string, wildcard: string) => {
      const expression = "(.*)";
      if (!parameterName) return expression;
      return parameterName.startsWith(":") ? `${parameterName}${wildcard}` : `${parameterName}${expression}`;
    })
    .replace(/([^/])(:)(?=(?:\d+|\(\.\*\))(?=\/|$))/, "$1\\$2")
    .replace(/^([^/]+)(:)(?=\/\/)/, "$1\\$2");
}

// msw's isAbsoluteUrl: only absolute and `*` paths match the same whatever the base URL.
const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/**
 * An msw `HttpHandler` that matches exactly as `http.get(...)` and friends do, but prepares its path
 * matcher once instead of compiling it for every request, and does not read cookies (no route of
 * this mock uses them; msw would consult its cookie jar on every request). Both were a fifth of the
 * standalone server's time per request.
 */
export class RouteHandler extends HttpHandler {
  private readonly matchPath: MatchFunction<PathParams> | undefined;

  constructor(method: string, path: string, resolver: HttpResponseResolver) {
    super(method, path, resolver);
    this.matchPath =
      path.startsWith("*") || ABSOLUTE_URL.test(path)
        ? match(coercePath(cleanUrl(path)), { decode: decodeURIComponent })
        : undefined;
  }

  override async parse(args: Parameters<HttpHandler["parse"]>[0]): ReturnType<HttpHandler["parse"]> {
    // a relative path depends on the base URL of the moment: leave it to msw
    if (!this.matchPath) return super.parse(args);
    const url = requestUrlOf(args.request);
    const result = this.matchPath(`${url.origin}${url.pathname}`);
    const params = result === false ? {} : result.params || {};
    return { match: { matches: result !== false, params }, cookies: {} };
  }
}

function routeFor(method: string) {
  return (path: string, resolver: HttpResponseResolver): RouteHandler =>
    new RouteHandler(method, path, resolver);
}

/** Like msw's `http` namespace, building {@link RouteHandler}s. */
export const route = {
  get: routeFor("GET"),
  post: routeFor("POST"),
  put: routeFor("PUT"),
  patch: routeFor("PATCH"),
  delete: routeFor("DELETE"),
};
