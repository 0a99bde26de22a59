import type { SortOrder } from "../http/pageable.js";
import { compileFilters, type Filter } from "./operators.js";
import { documentComparator } from "./sort.js";

/** What a search asks for (already parsed and validated). */
export interface SearchQuery {
  filters: readonly Filter[];
  sort: readonly SortOrder[];
  /** The `page` parameter as sent; 0 and 1 both mean the first page. */
  page: number;
  size: number;
  /** Cap on the total; no page reaches past it. */
  top: number;
  now: number;
}

/** Hits of one page, and the total number of matches (uncapped). */
export interface SearchResult {
  total: number;
  hits: unknown[];
}

/**
 * Runs a search the way UTMStack's `SearchUtil.applyPaginationAndSort` pages it: `from = size × page −
 * size` with page ≤ 0 read as 1, and `size` clipped so that `from + size ≤ top`.
 */
export function runSearch(documents: readonly unknown[], query: SearchQuery): SearchResult {
  const test = compileFilters(query.filters, query.now);
  let matched = documents.filter(test);
  if (query.sort.length > 0) matched = matched.sort(documentComparator(query.sort));
  const page = query.page <= 0 ? 1 : query.page;
  const from = query.size * page - query.size;
  const size = Math.max(0, Math.min(query.size, query.top - from));
  return { total: matched.length, hits: matched.slice(from, from + size) };
}
