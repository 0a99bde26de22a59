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

/** Hits of one page, and the number of matches counted up to `top` (X-Total-Count's cap). */
export interface SearchResult {
  total: number;
  hits: unknown[];
}

/** A sorted search's walk over the documents: the matches counted so far, and the page kept. */
class Ranking {
  total = 0;
  private position = 0;
  private readonly holder: Decorated;

  constructor(
    private readonly documents: readonly unknown[],
    private readonly test: (document: unknown) => boolean,
    private readonly order: DocumentOrder,
    private readonly first: FirstInOrder<Decorated>,
  ) {
    this.holder = order.blank();
  }

  /** Tests documents until `top` matches are counted, each offered to the page when `keep`. */
  countUpTo(top: number, keep: boolean): void {
    const { documents, test, order, first, holder } = this;
    let { position, total } = this;
    for (; position < documents.length && total < top; position++) {
      const document = documents[position];
      if (!test(document)) continue;
      total++;
      if (keep) first.offer(order.decorateInto(holder, document, position), DocumentOrder.copy);
    }
    this.position = position;
    this.total = total;
  }

  /**
   * After {@link countUpTo}: the count has reached its cap and the page is full (it ends at or before
   * top), so only a document that would enter the page is left to find, and its sort keys, cheaper
   * than most filters, rule out the others before they are tested. A method of its own, so that the
   * compiled code of either loop never meets the other's path.
   */
  completePage(): void {
    const { documents, test, order, first, holder } = this;
    for (let position = this.position; position < documents.length; position++) {
      const document = documents[position];
      if (first.accepts(order.decorateInto(holder, document, position)) && test(document)) {
        first.offer(holder, DocumentOrder.copy);
      }
    }
    this.position = documents.length;
  }
}

/**
 * Runs a search the way UTMStack's `SearchUtil.applyPaginationAndSort` pages it: `from = size × page −
 * size` with page ≤ 0 read as 1, and `size` clipped so that `from + size ≤ top`.
 *
 * Only the requested page is ordered: the matches are streamed through a bounded heap that keeps the
 * first `from + size` of them, each decorated once with its sort keys. Matches are counted only up
 * to `top`: past it, a document whose sort keys keep it off the page is not even tested.
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
  const { top } = query;
  const page = query.page <= 0 ? 1 : query.page;
  const from = query.size * page - query.size;
  const size = Math.max(0, Math.min(query.size, top - from));
  const end = from + size;
  let total = 0;
  if (query.sort.length === 0) {
    const hits: unknown[] = [];
    for (const document of documents) {
      if (!test(document)) continue;
      if (total >= from && total < end) hits.push(document);
      // the page ends at or before top, so it is complete once top matches are counted
      if (++total >= top) break;
    }
    return { total, hits };
  }
  const order = new DocumentOrder(query.sort);
  const first = new FirstInOrder<Decorated>(end, order.compare);
  const ranking = new Ranking(documents, test, order, first);
  ranking.countUpTo(top, size > 0);
  if (size > 0) ranking.completePage();
  return {
    total: ranking.total,
    hits: first
      .sorted()
      .slice(from)
      .map((hit) => hit.document),
  };
}
