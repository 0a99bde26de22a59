/** The relations JHipster puts in a `Link` header. */
export interface PageLinks {
  next?: string;
  prev?: string;
  first?: string;
  last?: string;
  [rel: string]: string | undefined;
}

/**
 * Parses an RFC 8288 `Link` header as JHipster writes it:
 * `<url?page=1&size=20>; rel="next",<url?page=0&size=20>; rel="first"`. Commas inside URLs are
 * percent-encoded by JHipster, so splitting on `<…>` is safe.
 */
export function parseLinkHeader(header: string | null | undefined): PageLinks {
  const links: PageLinks = {};
  if (!header) return links;
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const url = match[1] ?? "";
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(match[2] ?? "")?.[1];
    if (!rel) continue;
    for (const one of rel.trim().split(/\s+/)) links[one.toLowerCase()] = url;
  }
  return links;
}

/** Reads the `page` query parameter of a link (`undefined` when absent or not an integer). */
export function pageOf(link: string | undefined): number | undefined {
  if (!link) return undefined;
  const query = link.includes("?") ? link.slice(link.indexOf("?") + 1) : "";
  const page = new URLSearchParams(query).get("page");
  if (page === null || !/^-?\d+$/.test(page)) return undefined;
  return Number(page);
}

/** Reads `X-Total-Count` (`undefined` when absent or not a number). */
export function totalOf(headers: Headers): number | undefined {
  const total = headers.get("x-total-count");
  if (total === null || !/^\d+$/.test(total.trim())) return undefined;
  return Number(total);
}

/**
 * The number of the page after `page`, from the `Link` header when there is one, else from the total
 * and the page's fill. `firstPage` is 0 for api-keys and 1 for search.
 */
export function nextPageNumber(args: {
  links: PageLinks;
  total: number | undefined;
  page: number;
  size: number;
  received: number;
  firstPage: number;
}): number | undefined {
  const { links, total, page, size, received, firstPage } = args;
  if (links.next !== undefined) {
    const next = pageOf(links.next) ?? page + 1;
    return next > page ? next : undefined;
  }
  // JHipster always sends first/last; a Link header without `next` means this is the last page.
  if (Object.keys(links).length > 0) return undefined;
  if (received === 0 || received < size) return undefined;
  if (total !== undefined && (page - firstPage + 1) * size >= total) return undefined;
  return page + 1;
}

/**
 * The next page of a search (1-based). `X-Total-Count` decides when it is sent: UTMStack v11 numbers
 * its search `Link` header from 0 while the pages are 1-based, so its `next` disappears one page early.
 * Without a total, the `Link` header and the page's fill decide.
 */
export function nextSearchPage(args: {
  links: PageLinks;
  total: number | undefined;
  page: number;
  size: number;
  received: number;
}): number | undefined {
  const { total, page, size, received } = args;
  if (received === 0) return undefined;
  if (total !== undefined) return page * size < total ? page + 1 : undefined;
  return nextPageNumber({ ...args, firstPage: 1 });
}
