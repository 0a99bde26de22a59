import { RE2JS } from "re2js";

/** The longest pattern {@link compilePathPattern} takes. */
export const MAX_PATH_PATTERN_LENGTH = 2048;

/** A compiled fault path pattern that answers whether a URL matches, in time linear in the URL. */
export interface PathPattern {
  matches(url: URL): boolean;
}

// Literal characters a URL path (or an origin) may carry; everything else is refused, so a rule
// with a RegExp-looking path fails when it is added instead of silently matching nothing.
const LITERAL = /^[A-Za-z0-9\-._~%!$&'+,;=@/]$/;
const PARAMETER = /^:[A-Za-z_][A-Za-z0-9_]*/;
const ORIGIN = /^https?:\/\/[A-Za-z0-9\-.]+(:\d{1,5})?(?=\/|\*|$)/i;

function escaped(char: string): string {
  return /[A-Za-z0-9]/.test(char) ? char : `\\${char}`;
}

/**
 * Compiles a fault's path pattern: `*` for any characters (`/` included), `:name` for one path
 * segment, anything else literal, matched case-insensitively with an optional trailing slash. A
 * pattern starting with `/` matches on any origin; one may also start with an origin
 * (`http://localhost:8080/api/*`). Runs on RE2, which never backtracks.
 * @throws {TypeError} saying why the pattern cannot be used
 */
export function compilePathPattern(pattern: string): PathPattern {
  if (pattern.length > MAX_PATH_PATTERN_LENGTH) {
    throw new TypeError(`A path pattern may have at most ${MAX_PATH_PATTERN_LENGTH} characters`);
  }
  const origin = ORIGIN.exec(pattern)?.[0];
  let source = origin === undefined ? (pattern.startsWith("*") ? "" : "[^/]*//[^/]*") : escapedAll(origin);
  let rest = origin === undefined ? pattern : pattern.slice(origin.length);
  if (origin === undefined && !pattern.startsWith("/") && !pattern.startsWith("*")) {
    throw invalid(pattern, "start it with /, * or an origin such as http://localhost:8080");
  }
  while (rest.length > 0) {
    const parameter = PARAMETER.exec(rest)?.[0];
    if (parameter !== undefined) {
      source += "[^/]+";
      rest = rest.slice(parameter.length);
      continue;
    }
    const char = rest[0]!;
    if (char === "*") source += ".*";
    else if (LITERAL.test(char)) source += escaped(char);
    else throw invalid(pattern, `${JSON.stringify(char)} is not a path character (use * and :name)`);
    rest = rest.slice(1);
  }
  const compiled = RE2JS.compile(`${source}/?`, RE2JS.CASE_INSENSITIVE);
  return { matches: (url) => compiled.matches(`${url.origin}${url.pathname}`) };
}

function escapedAll(text: string): string {
  return [...text].map(escaped).join("");
}

function invalid(pattern: string, why: string): TypeError {
  return new TypeError(`Path pattern ${JSON.stringify(pattern.slice(0, 200))} is not valid: ${why}`);
}
