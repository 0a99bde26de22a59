import type { SortOrder } from "../http/pageable.js";
import { fieldPathProblem } from "./field-path.js";
import { compileFilters } from "./filter-matching.js";
import { FirstInOrder } from "./first-in-order.js";
import { type Filter, InvalidFilterError } from "./operators.js";
import { REMEMBERED_DATES, rememberedValueDate, valueDate } from "./range.js";
import { type Decorated, DocumentOrder } from "./sort.js";

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
 *
 * Only the requested page is ordered: the matches are streamed through a bounded heap that keeps the
 * first `from + size` of them, each decorated once with its sort keys.
 * @throws {InvalidFilterError} when a sort field is too long or too deep to be a field
 */
export function runSearch(documents: readonly unknown[], query: SearchQuery): SearchResult {
  for (const { property } of query.sort) {
    const problem = fieldPathProblem(property);
    if (problem) throw new InvalidFilterError(`sort ${JSON.stringify(property.slice(0, 64))}: ${problem}`);
  }
  // a small index is searched again and again (a test suite's alerts): its dates are read once
  const dateOf = documents.length <= REMEMBERED_DATES ? rememberedValueDate : valueDate;
  const test = compileFilters(query.filters, query.now, dateOf);
  const page = query.page <= 0 ? 1 : query.page;
  const from = query.size * page - query.size;
  const size = Math.max(0, Math.min(query.size, query.top - from));
  const end = from + size;
  let total = 0;
  if (query.sort.length === 0) {
    const hits: unknown[] = [];
    for (const document of documents) {
      if (!test(document)) continue;
      if (total >= from && total < end) hits.push(document);
      total++;
    }
    return { total, hits };
  }
  const order = new DocumentOrder(query.sort);
  const first = new FirstInOrder<Decorated>(end, order.compare);
  const holder = order.blank();
  for (let position = 0; position < documents.length; position++) {
    const document = documents[position];
    if (!test(document)) continue;
    total++;
    if (size > 0) first.offer(order.decorateInto(holder, document, position), DocumentOrder.copy);
  }
  return {
    total,
    hits: first
      .sorted()
      .slice(from)
      .map((hit) => hit.document),
  };
}
