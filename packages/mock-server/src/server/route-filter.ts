import { HttpHandler, type RequestHandler } from "msw";

interface IndexedHandler {
  handler: RequestHandler;
  /** Undefined: cannot be pre-judged, always handed to msw. */
  test?: (method: string, url: URL, target: string) => boolean;
}

const ESCAPE = /[.^$|\\/]/g;

// A conservative regex for an msw path: `*` is anything, `:name` one segment, a trailing slash is
// optional, case is ignored (as path-to-regexp does). Any other pattern syntax opts out.
function compilePath(path: string): RegExp | undefined {
  if (/[()?+{}[\]\\]/.test(path)) return undefined;
  if (!path.startsWith("*") && !/^https?:\/\//i.test(path)) return undefined;
  const body = path
    .split(/(\*|:[A-Za-z0-9_]+)/)
    .map((part) => (part === "*" ? ".*" : part.startsWith(":") ? "[^/]+" : part.replace(ESCAPE, "\\$&")))
    .join("");
  return new RegExp(`^${body}/?$`, "i");
}

/**
 * A handler that can tell, cheaply and without false negatives, whether it may match a request
 * (the fault handler: never, while no fault is registered).
 */
export interface PrejudgedHandler {
  canMatch(method: string, url: URL): boolean;
}

function isPrejudged(handler: RequestHandler): handler is RequestHandler & PrejudgedHandler {
  return typeof (handler as Partial<PrejudgedHandler>).canMatch === "function";
}

function index(handler: RequestHandler): IndexedHandler {
  if (isPrejudged(handler)) return { handler, test: (method, url) => handler.canMatch(method, url) };
  if (!(handler instanceof HttpHandler)) return { handler };
  const { method, path } = handler.info;
  if (typeof path !== "string") return { handler };
  const pattern = compilePath(path);
  if (!pattern) return { handler };
  const methodMatches =
    method instanceof RegExp
      ? (actual: string) => method.test(actual)
      : (actual: string) => actual.toUpperCase() === String(method).toUpperCase();
  return { handler, test: (actual, _url, target) => methodMatches(actual) && pattern.test(target) };
}

/**
 * Narrows a handler list to those that can match a request, before msw runs them. msw parses
 * cookies and compiles each handler's path for every handler it tries; with dozens of routes that
 * dominated the standalone server's time. Handlers whose pattern cannot be judged here are always
 * kept, so the result is never narrower than what msw would match, and order is preserved.
 */
export function createRouteFilter(
  handlers: readonly RequestHandler[],
): (method: string, url: URL) => RequestHandler[] {
  const indexed = handlers.map(index);
  return (method, url) => {
    const target = `${url.origin}${url.pathname}`;
    const result: RequestHandler[] = [];
    for (const entry of indexed) {
      if (!entry.test || entry.test(method, url, target)) result.push(entry.handler);
    }
    return result;
  };
}
