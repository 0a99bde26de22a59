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
  // By method, then by segment count, in the order given: a path is compared only with the routes
  // that could match it.
  const table = new Map<string, CompiledRoute<H>[][]>();
  for (const route of entries.map(compile)) {
    const bySize = table.get(route.method) ?? [];
    table.set(route.method, bySize);
    const sameSize = bySize[route.segments.length] ?? [];
    bySize[route.segments.length] = sameSize;
    sameSize.push(route);
  }
  return (method: string, path: string): RouteMatch<H> | undefined => {
    const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    // parts[0] is what precedes the leading slash
    const parts = trimmed.split("/");
    const candidates = table.get(method)?.[parts.length - 1];
    if (!candidates) return undefined;
    for (const route of candidates) {
      const params = matchSegments(route.segments, parts);
      if (params) return { handler: route.handler, params };
    }
    return undefined;
  };
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): PathParams | undefined {
  const params: PathParams = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i + 1]!;
    if ("param" in segment) {
      if (part === "") return undefined;
      params[segment.param] = decodeParameter(part);
    } else if (segment.literal !== part.toLowerCase()) return undefined;
  }
  return params;
}
