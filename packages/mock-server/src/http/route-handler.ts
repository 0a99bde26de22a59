import { cleanUrl, HttpHandler, type HttpResponseResolver, type PathParams } from "msw";
import { type MatchFunction, match } from "path-to-regexp";
import { requestUrlOf } from "./adapter-request.js";
import { coercePath } from "./path-pattern.js";

// msw decodes path parameters with decodeURIComponent, which throws on `%ZZ` or `%ff`: the request
// then failed inside msw with a 500. Such a parameter is kept as it was sent, and the route's own
// checks (a firewall, an id parser) answer it.
function decodeParameter(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// msw's isAbsoluteUrl: only absolute and `*` paths match the same whatever the base URL.
const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/**
 * An msw `HttpHandler` that matches and answers exactly as `http.get(...)` and friends do, minus
 * three per-request costs that none of the mock's routes needs (together about a third of the
 * standalone server's time for a small answer):
 * - it prepares its path matcher once instead of compiling it for every request;
 * - it does not read cookies (msw would consult its cookie jar on every request);
 * - it runs its resolver without msw's `finalize` machinery: msw clones the request and aborts an
 *   AbortController after every resolver (a DOMException each time, slow on Node 20). A route that
 *   calls `finalize` fails loudly instead.
 */
export class RouteHandler extends HttpHandler {
  /**
   * The largest request body this route takes, when it sets its own (Vault's 32 MiB): the node adapter
   * reads that much for it, and hands it a larger request unread, marked oversized, to answer itself.
   */
  readonly maxRequestBytes: (() => number) | undefined;
  private readonly matchPath: MatchFunction<PathParams> | undefined;
  private readonly refuseFinalize = (): never => {
    throw new Error(`${this.info.header}: mock routes do not support finalize()`);
  };

  /** @param method a method, or a RegExp of methods (`/.+/`: all, as msw's `http.all`) */
  constructor(
    method: string | RegExp,
    path: string,
    resolver: HttpResponseResolver,
    options: RouteOptions = {},
  ) {
    super(method, path, resolver);
    this.maxRequestBytes = options.maxRequestBytes;
    this.matchPath =
      path.startsWith("*") || ABSOLUTE_URL.test(path)
        ? match(coercePath(cleanUrl(path)), { decode: decodeParameter })
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

  override async run(args: Parameters<HttpHandler["run"]>[0]): ReturnType<HttpHandler["run"]> {
    const { request, requestId, resolutionContext } = args;
    const parsedResult = await this.parse({ request, resolutionContext });
    if (!(await this.predicate({ request, parsedResult, resolutionContext }))) return null;
    this.isUsed = true;
    let response: Response | undefined;
    try {
      const answer = await this.resolver({
        ...this.extendResolverArgs({ request, parsedResult }),
        request,
        requestId,
        finalize: this.refuseFinalize,
      });
      response = answer instanceof Response ? answer : undefined;
    } catch (thrown) {
      // as msw: a thrown Response is the answer
      if (!(thrown instanceof Response)) throw thrown;
      response = thrown;
    }
    return { handler: this, request, requestId, response, parsedResult };
  }
}

/** Options of a {@link RouteHandler}. */
export interface RouteOptions {
  /** See {@link RouteHandler.maxRequestBytes}. */
  maxRequestBytes?: () => number;
}

function routeFor(method: string) {
  return (path: string, resolver: HttpResponseResolver): RouteHandler =>
    new RouteHandler(method, path, resolver);
}

/** Like msw's `http` namespace, building {@link RouteHandler}s. */
export const route = {
  all: (path: string, resolver: HttpResponseResolver, options?: RouteOptions): RouteHandler =>
    new RouteHandler(/.+/, path, resolver, options),
  get: routeFor("GET"),
  post: routeFor("POST"),
  put: routeFor("PUT"),
  patch: routeFor("PATCH"),
  delete: routeFor("DELETE"),
};
