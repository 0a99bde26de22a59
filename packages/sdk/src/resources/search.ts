import type { Filter } from "../filters/operators.js";
import { nextSearchPage, type PageLinks, parseLinkHeader, totalOf } from "../pagination/link-header.js";
import type { Page } from "../pagination/page.js";
import { PageIterator } from "../pagination/page-iterator.js";
import { validateInput } from "../validation/issues.js";
import { searchQuerySchema } from "../validation/query-input.js";
import type { RequestOptions } from "./call-options.js";
import { dataOrThrow, parseOutput, type ResourceContext, sentBy } from "./context.js";
import { documentListSchema, isDocumentList } from "./models.js";
import { toSortList } from "./sort-list.js";

/** The seed's `top`: effectively "no cap". */
export const DEFAULT_TOP = 100_000_000;

/** Query and filters of a search. */
export interface SearchParams<F extends string = string> {
  /** The index or index pattern, e.g. `alert-*`. */
  indexPattern: string;
  /** Filters that must all match; build them with `f` (see `filtersFor`). */
  filters?: readonly Filter<F>[];
  /** Cap on the total number of hits over all pages (default 100,000,000, as in UTMStack's docs). */
  top?: number;
  /** The page, 1-based (0 also means the first page). Default 1. */
  page?: number;
  /** Hits per page, 1–2000 (default 25; iteration uses 100 unless set). */
  size?: number;
  /** `field,asc` or `field,desc`, e.g. `@timestamp,desc`; several allowed. */
  sort?: string | readonly string[];
  /** Adds `hasChildren` and `echoes` to documents that have an `id` (search only). */
  includeChildren?: boolean;
  /** Iteration only: stop after this many documents. */
  limit?: number;
}

/** A search endpoint: call it for one page, or iterate `.all()` for every hit. */
export interface SearchFunction<Default, DefaultIndex extends boolean = false> {
  /** One page of hits: `{ items, total, links, page, size, nextPage }`. */
  <Doc = Default, F extends string = string>(
    params: DefaultIndex extends true ? Partial<SearchParams<F>> : SearchParams<F>,
    options?: RequestOptions,
  ): Promise<Page<Doc>>;
  /** Every hit of every page (1-based pages, following `Link`, up to `top` or `limit`); `break` stops fetching. */
  all<Doc = Default, F extends string = string>(
    params: DefaultIndex extends true ? Partial<SearchParams<F>> : SearchParams<F>,
    options?: RequestOptions,
  ): PageIterator<Doc>;
}

/** The routes that share the search contract. */
type SearchPath = "/api/elasticsearch/search" | "/api/api-keys/usage";

/** Builds a search function for one of the search-shaped routes. */
export function searchResource<Default, DefaultIndex extends boolean>(
  ctx: ResourceContext,
  path: SearchPath,
  operation: string,
  defaultIndexPattern?: string,
): SearchFunction<Default, DefaultIndex> {
  // Nothing given (or null) reads as no parameters, so validation names what is missing.
  const withDefaults = (given: Partial<SearchParams> | null | undefined): SearchParams & { top: number } => {
    const params = given ?? {};
    return {
      ...params,
      indexPattern: params.indexPattern ?? defaultIndexPattern ?? "",
      top: params.top ?? DEFAULT_TOP,
    };
  };

  const page = async <Doc>(input: Partial<SearchParams>, options?: RequestOptions): Promise<Page<Doc>> => {
    const params = withDefaults(input);
    if (ctx.validate) validateInput(operation, searchQuerySchema, params);
    // UTMStack treats page 0 and page 1 alike; number pages from 1 so `nextPage` is always right.
    const pageNo = Math.max(1, params.page ?? 1);
    const size = params.size ?? 25;
    const sort = toSortList(params.sort);
    const result = await ctx.raw.POST(path, {
      params: {
        query: {
          top: params.top,
          indexPattern: params.indexPattern,
          page: pageNo,
          size,
          sort,
          includeChildren: params.includeChildren,
        },
      },
      body: (params.filters ?? []) as never,
      // Searching reads only: safe to retry, though sent as POST.
      ...sentBy(ctx, { idempotent: true }, options),
    });
    const data = dataOrThrow(ctx, "POST", path, result);
    const body = data ?? [];
    // The schema is only needed for its error message: check the shape directly first.
    const items = (
      isDocumentList(body) ? body : parseOutput(documentListSchema, body, "POST", path, result.response)
    ) as Doc[];
    const header = result.response.headers.get("link");
    const total = totalOf(result.response.headers);
    // With a total, the next page is known without the Link header: parse it when it is read, if ever
    // (parsing was the largest SDK-own cost of a search).
    const nextPage = nextSearchPage({
      links: total === undefined ? parseLinkHeader(header) : {},
      total,
      page: pageNo,
      size,
      received: items.length,
    });
    let links: PageLinks | undefined;
    return {
      items,
      total,
      get links() {
        links ??= parseLinkHeader(header);
        return links;
      },
      set links(value) {
        links = value;
      },
      page: pageNo,
      size,
      nextPage,
    };
  };

  const search = (<Doc>(params: Partial<SearchParams>, options?: RequestOptions) =>
    page<Doc>(params, options)) as SearchFunction<Default, DefaultIndex>;
  search.all = <Doc>(params: Partial<SearchParams>, options?: RequestOptions) => {
    const checked = withDefaults(params);
    if (ctx.validate) validateInput(operation, searchQuerySchema, checked);
    const size = params.size ?? 100;
    return new PageIterator<Doc>(
      (n) => page<Doc>({ ...params, page: n, size }, options),
      Math.max(1, params.page ?? 1),
      params.limit,
    );
  };
  return search;
}
