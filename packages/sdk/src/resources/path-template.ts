// openapi-fetch fills a path like `/api/api-keys/{id}` by running a RegExp over the whole URL on every
// call. The SDK's own paths are fixed, so each is split once here and filled by concatenation: the
// same text as openapi-fetch's `defaultPathSerializer` for the simple `{name}` style with primitive
// values (a test compares the two), and `undefined` for anything else, which goes to openapi-fetch.

const PARAM = /\{([^{}]+)\}/g;

/** A path split at its parameters: `["/api/api-keys/", "id", ""]` (text, name, text, ...). */
type Template = readonly string[];

const templates = new Map<string, Template | null>();

function templateOf(path: string): Template | null {
  let template = templates.get(path);
  if (template === undefined) {
    const parts = path.split(PARAM);
    // label (`{.x}`), matrix (`{;x}`) and exploded (`{x*}`) styles are left to openapi-fetch
    const simple = parts.every((part, i) => i % 2 === 0 || /^[A-Za-z0-9_-]+$/.test(part));
    template = simple ? parts : null;
    templates.set(path, template);
  }
  return template;
}

/**
 * `baseUrl + path` with its `{name}` parameters filled from `values`, encoded as openapi-fetch
 * encodes them; a missing (undefined or null) value leaves `{name}` as it is, as openapi-fetch does.
 * @returns undefined when openapi-fetch must do it (another style, an array or object value, or
 *   braces in the base URL, which openapi-fetch would fill too)
 */
export function fillPath(
  baseUrl: string,
  path: string,
  values: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const template = templateOf(path);
  if (template === null || baseUrl.includes("{")) return undefined;
  let url = baseUrl + template[0];
  for (let i = 1; i < template.length; i += 2) {
    const name = template[i] as string;
    const value = values?.[name];
    if (value === undefined || value === null) url += `{${name}}`;
    else if (typeof value === "object") return undefined;
    else url += encodeURIComponent(value as string | number | boolean);
    url += template[i + 1];
  }
  return url;
}
