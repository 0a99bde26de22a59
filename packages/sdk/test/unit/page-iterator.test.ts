import { describe, expect, it } from "vitest";
import type { Page } from "../../src/pagination/page.js";
import { PageIterator } from "../../src/pagination/page-iterator.js";

/** A fake server of `count` numbers in pages of `size`, recording which pages were asked for. */
function numbers(count: number, size: number) {
  const asked: number[] = [];
  const fetchPage = async (page: number): Promise<Page<number>> => {
    asked.push(page);
    const items = Array.from(
      { length: Math.max(0, Math.min(size, count - page * size)) },
      (_, i) => page * size + i,
    );
    const nextPage = (page + 1) * size < count ? page + 1 : undefined;
    return { items, total: count, links: {}, page, size, nextPage };
  };
  return { asked, fetchPage };
}

describe("page iterator", () => {
  it("yields every item of every page in order", async () => {
    const server = numbers(95, 10);
    const all = await new PageIterator(server.fetchPage, 0).toArray();
    expect(all).toEqual(Array.from({ length: 95 }, (_, i) => i));
    expect(server.asked).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("fetches no further page after an early break", async () => {
    const server = numbers(95, 10);
    for await (const n of new PageIterator(server.fetchPage, 0)) {
      if (n === 12) break;
    }
    expect(server.asked).toEqual([0, 1]);
  });

  it("stops at the limit, mid-page, without fetching more", async () => {
    const server = numbers(95, 10);
    const got = await new PageIterator(server.fetchPage, 0, 25).toArray();
    expect(got).toHaveLength(25);
    expect(server.asked).toEqual([0, 1, 2]);
  });

  it("iterates pages with their totals", async () => {
    const server = numbers(25, 10);
    const sizes: number[] = [];
    for await (const page of new PageIterator(server.fetchPage, 0).pages()) sizes.push(page.items.length);
    expect(sizes).toEqual([10, 10, 5]);
  });

  it("stops rather than loop when a server points back at a page already read", async () => {
    let calls = 0;
    const looping = async (page: number): Promise<Page<number>> => {
      calls++;
      return { items: [page], total: undefined, links: {}, page, size: 1, nextPage: 0 };
    };
    expect(await new PageIterator(looping, 0).toArray()).toEqual([0]);
    expect(calls).toBe(1);
  });
});
