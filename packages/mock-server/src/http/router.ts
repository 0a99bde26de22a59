/** Path parameters of a matched route (`:id` → `{ id: "7" }`), percent-decoded. */
export type PathParams = Record<string, string>;

/** A route as data: method, path pattern (`/api/api-keys/:id`) and what answers it. */
export interface RouteEntry<H> {
  method: string;
  path: string;
  handler: H;
}

/** A matched route and its parameters. */
export interface RouteMatch<H> {
  handler: H;
  params: PathParams;
}

type Segment = { literal: string } | { param: string };

interface CompiledRoute<H> {
  method: string;
  segments: Segment[];
  handler: H;
}

// A parameter that is not valid percent-encoding is kept as sent: the route's own checks (an id
// parser) answer it, where decodeURIComponent would throw.
function decodeParameter(text: string): string {
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compile<H>(entry: RouteEntry<H>): CompiledRoute<H> {
  const segments = entry.path
    .split("/")
    .slice(1)
    .map(
      (part): Segment => (part.startsWith(":") ? { param: part.slice(1) } : { literal: part.toLowerCase() }),
    );
  return { method: entry.method, segments, handler: entry.handler };
}

/**
 * Matches a request path against routes, first match wins, in one pass over the path's segments:
 * literal segments compare case-insensitively and a trailing slash is optional (what Spring's
 * matching and path-to-regexp's defaults do), a `:name` segment takes one non-empty segment.
 */
export function createRouter<H>(entries: readonly RouteEntry<H>[]) {
  const routes = entries.map(compile);
  return (method: string, path: string): RouteMatch<H> | undefined => {
    const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    const parts = trimmed.split("/").slice(1);
    for (const route of routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: PathParams = {};
      let matched = true;
      for (let i = 0; i < parts.length && matched; i++) {
        const segment = route.segments[i]!;
        const part = parts[i]!;
        if ("param" in segment) {
          if (part === "") matched = false;
          else params[segment.param] = decodeParameter(part);
        } else if (segment.literal !== part.toLowerCase()) matched = false;
      }
      if (matched) return { handler: route.handler, params };
    }
    return undefined;
  };
}
