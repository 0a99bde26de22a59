import { cleanUrl } from "msw";
import { pathToRegexp } from "path-to-regexp";
import { RE2JS } from "re2js";

// msw 2.15's coercePath (utils/matching/matchRequestUrl): `*` wildcards become `(.*)` groups and a
// port-like colon is escaped. Copied because msw does not export it; test/http/route-handler.test.ts
// checks that matching equals msw's own `matchRequestUrl`, so an msw change cannot slip by.
export function coercePath(path: string): string {
  return path
    .replace(/([:a-zA-Z_-]*)(\*{1,2})+/g, (_, parameterName: string, wildcard: string) => {
      const expression = "(.*)";
      if (!parameterName) return expression;
      return parameterName.startsWith(":") ? `${parameterName}${wildcard}` : `${parameterName}${expression}`;
    })
    .replace(/([^/])(:)(?=(?:\d+|\(\.\*\))(?=\/|$))/, "$1\\$2")
    .replace(/^([^/]+)(:)(?=\/\/)/, "$1\\$2");
}

/** The longest pattern {@link compilePathPattern} takes (coercePath's first RegExp is quadratic). */
export const MAX_PATH_PATTERN_LENGTH = 2048;

/** A compiled msw path pattern that answers whether a URL matches, in time linear in the URL. */
export interface PathPattern {
  matches(url: URL): boolean;
}

/**
 * Compiles an msw path pattern (`*`, `*\/api/api-keys/:id`, `http://host:port/v1/*`) to what msw's
 * `matchRequestUrl` would match, run by RE2: a pattern with several wildcards made the JavaScript
 * RegExp backtrack for seconds on a long path, and RE2 never backtracks.
 * @throws {TypeError} saying why the pattern cannot be used (too long, unbalanced, not RE2 syntax)
 */
export function compilePathPattern(path: string): PathPattern {
  if (path.length > MAX_PATH_PATTERN_LENGTH) {
    throw new TypeError(`A path pattern may have at most ${MAX_PATH_PATTERN_LENGTH} characters`);
  }
  let source: string;
  try {
    // as path-to-regexp's `match`: case-insensitive, anchored at both ends
    source = pathToRegexp(coercePath(cleanUrl(path))).source;
  } catch (error) {
    throw new TypeError(`Path pattern ${JSON.stringify(path)} is not valid: ${(error as Error).message}`);
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    throw new TypeError(`Path pattern ${JSON.stringify(path)} is not supported: ${(error as Error).message}`);
  }
  return { matches: (url) => compiled.matches(`${url.origin}${url.pathname}`) };
}
