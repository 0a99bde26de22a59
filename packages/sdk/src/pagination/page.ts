import type { PageLinks } from "./link-header.js";

/** One page of results, with what the server said about the rest. */
export interface Page<T> {
  /** The items of this page. */
  items: T[];
  /** The total number of items (`X-Total-Count`; for search, capped at `top`). Undefined when not sent. */
  total: number | undefined;
  /** The `Link` header's URLs by relation (`next`, `prev`, `first`, `last`). */
  links: PageLinks;
  /** The page number that was asked for (0-based for api-keys, 1-based for search). */
  page: number;
  /** The page size that was asked for. */
  size: number;
  /** The next page's number, or `undefined` on the last page. */
  nextPage: number | undefined;
}
