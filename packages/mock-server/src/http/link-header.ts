/**
 * Pagination links in JHipster's format: `<url>; rel="next"` (when `current < last`),
 * `rel="prev"` (when `current > first`), `rel="last"`, `rel="first"`, joined by `,` without spaces.
 */
export function linkHeader(
  current: number,
  last: number,
  first: number,
  uri: (page: number) => string,
): string {
  const links: string[] = [];
  if (current < last) links.push(`<${uri(current + 1)}>; rel="next"`);
  if (current > first) links.push(`<${uri(current - 1)}>; rel="prev"`);
  links.push(`<${uri(last)}>; rel="last"`, `<${uri(first)}>; rel="first"`);
  return links.join(",");
}

/**
 * JHipster's `PaginationUtil` Link header for a list (0-based pages): the current request URL with
 * `page` and `size` moved to the end, `,` written `%2C` and `;` written `%3B`. An empty list gives
 * `last` page -1 (a JHipster quirk, kept on purpose).
 * @param requestUrl the URL the client called (absolute, as Spring rebuilds it)
 */
export function listLinkHeader(url: URL, page: number, size: number, total: number): string {
  const rawQuery = url.search.startsWith("?") ? url.search.slice(1) : "";
  const kept = rawQuery
    .split("&")
    .filter((pair) => pair !== "" && !/^(page|size)(=|$)/.test(pair))
    .join("&");
  const base = `${url.origin}${url.pathname}?${kept ? `${kept}&` : ""}`;
  const uri = (target: number) =>
    `${base}page=${target}&size=${size}`.replaceAll(",", "%2C").replaceAll(";", "%3B");
  return linkHeader(page, Math.ceil(total / size) - 1, 0, uri);
}

/**
 * UTMStack v11's `UtilPagination` Link header for search results, as its source does it: the base is
 * always `/api/elasticsearch/search` (also for `/api/api-keys/usage`), pages are counted 0-based from
 * the `page` parameter as sent, and `last` is never below 0.
 */
export function utilPaginationLink(page: number, size: number, total: number): string {
  const pages = Math.ceil(total / size);
  return linkHeader(
    page,
    Math.max(pages - 1, 0),
    0,
    (target) => `/api/elasticsearch/search?page=${target}&size=${size}`,
  );
}
