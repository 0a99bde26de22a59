/** A concrete request path matched to one of the spec's templated paths. */
export interface PathMatch {
  /** The templated path as written in the spec, e.g. "/api/api-keys/{id}". */
  template: string;
  /** The values of the template's parameters, decoded, e.g. { id: "3" }. */
  params: Record<string, string>;
}

/**
 * Finds the templated path that a concrete path (no query string) belongs to. When several templates
 * fit, the one with the most literal segments wins, as servers route it: "/api/api-keys/usage" is the
 * usage route, not "/api/api-keys/{id}". Returns undefined when none fits.
 */
export function matchPath(templates: Iterable<string>, path: string): PathMatch | undefined {
  const segments = splitPath(path);
  let best: (PathMatch & { literals: number }) | undefined;
  for (const template of templates) {
    const parts = splitPath(template);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const fits = parts.every((part, index) => {
      const segment = segments[index] ?? "";
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) {
        literals += 1;
        return part === segment;
      }
      if (segment === "") return false;
      params[name] = safeDecode(segment);
      return true;
    });
    if (fits && (best === undefined || literals > best.literals)) best = { template, params, literals };
  }
  return best && { template: best.template, params: best.params };
}

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed.split("/").slice(1);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
