import type { Page } from "./page.js";

/** Fetches one page by number. */
export type PageFetcher<T> = (page: number) => Promise<Page<T>>;

/**
 * Every item of every page, fetched lazily: a page is requested only when the previous one is used up,
 * so `break` stops fetching. `limit` caps the number of items yielded.
 */
export class PageIterator<T> implements AsyncIterable<T> {
  readonly #fetchPage: PageFetcher<T>;
  readonly #firstPage: number;
  readonly #limit: number | undefined;

  /**
   * @param fetchPage fetches one page by number
   * @param firstPage the page to start at
   * @param limit the most items to yield (undefined: all)
   */
  constructor(fetchPage: PageFetcher<T>, firstPage: number, limit?: number) {
    this.#fetchPage = fetchPage;
    this.#firstPage = firstPage;
    this.#limit = limit;
  }

  /** Iterates page by page instead of item by item. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let next: number | undefined = this.#firstPage;
    let yielded = 0;
    const seen = new Set<number>();
    while (next !== undefined && (this.#limit === undefined || yielded < this.#limit)) {
      // A server whose links loop back would otherwise make this iterate forever.
      if (seen.has(next)) return;
      seen.add(next);
      const page = await this.#fetchPage(next);
      if (this.#limit !== undefined && yielded + page.items.length > this.#limit) {
        page.items = page.items.slice(0, this.#limit - yielded);
      }
      yielded += page.items.length;
      yield page;
      if (page.items.length === 0) return;
      next = page.nextPage;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Collects every item into an array (mind the memory on large result sets). */
  async toArray(): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this) all.push(item);
    return all;
  }
}
