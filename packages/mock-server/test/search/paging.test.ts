import { describe, expect, it } from "vitest";
import { listLinkHeader, utilPaginationLink } from "../../src/http/link-header.js";
import { parsePageable } from "../../src/http/pageable.js";
import { documentedProfile } from "../../src/http/profiles/documented.js";
import { generateAlerts } from "../../src/search/alerts.js";
import { runSearch } from "../../src/search/search.js";

const docs = Array.from({ length: 30 }, (_, n) => ({
  n,
  group: n % 3,
  label: `d${String(n).padStart(2, "0")}`,
}));
const query = (page: number, size: number, top: number) => ({
  filters: [],
  sort: [],
  page,
  size,
  top,
  now: 0,
});
const ns = (hits: unknown[]) => hits.map((hit) => (hit as { n: number }).n);

describe("search paging (1-based, capped by top)", () => {
  it("treats page 0 and page 1 as the first page", () => {
    expect(ns(runSearch(docs, query(0, 5, 100)).hits)).toEqual([0, 1, 2, 3, 4]);
    expect(ns(runSearch(docs, query(1, 5, 100)).hits)).toEqual([0, 1, 2, 3, 4]);
    expect(ns(runSearch(docs, query(2, 5, 100)).hits)).toEqual([5, 6, 7, 8, 9]);
  });

  it("clips the page so that no document past top is returned", () => {
    expect(ns(runSearch(docs, query(2, 5, 7)).hits)).toEqual([5, 6]);
    expect(runSearch(docs, query(3, 5, 7)).hits).toEqual([]);
    // counted up to top, as X-Total-Count is capped at it
    expect(runSearch(docs, query(2, 5, 7)).total).toBe(7);
    expect(runSearch(docs, query(2, 5, 100)).total).toBe(30);
  });

  it("sorts by several fields, missing values last", () => {
    const sorted = runSearch([...docs, { n: 99 }], {
      ...query(1, 40, 100),
      sort: [
        { property: "group", direction: "desc" },
        { property: "n", direction: "asc" },
      ],
    });
    expect(ns(sorted.hits).slice(0, 3)).toEqual([2, 5, 8]);
    expect(ns(sorted.hits).at(-1)).toBe(99);
  });
});

describe("Spring pageable parameters", () => {
  it("defaults to page 0, size 20 and caps size at 2000", () => {
    expect(parsePageable(new URLSearchParams(""))).toEqual({ page: 0, size: 20, sort: [] });
    expect(parsePageable(new URLSearchParams("page=-3&size=5000")).page).toBe(0);
    expect(parsePageable(new URLSearchParams("size=5000")).size).toBe(2000);
    expect(parsePageable(new URLSearchParams("size=0")).size).toBe(20);
    expect(parsePageable(new URLSearchParams("page=abc&size=x"))).toMatchObject({ page: 0, size: 20 });
  });

  it("reads repeated sort parameters and multi-property sorts", () => {
    expect(parsePageable(new URLSearchParams("sort=name,desc&sort=id&sort=a,b,DESC")).sort).toEqual([
      { property: "name", direction: "desc" },
      { property: "id", direction: "asc" },
      { property: "a", direction: "desc" },
      { property: "b", direction: "desc" },
    ]);
  });
});

describe("Link headers", () => {
  it("list: rebuilds the request URL with page and size last and commas escaped", () => {
    expect(listLinkHeader(new URL("http://h:1/api/api-keys?page=1&sort=name,asc&size=10"), 1, 10, 35)).toBe(
      [
        '<http://h:1/api/api-keys?sort=name%2Casc&page=2&size=10>; rel="next"',
        '<http://h:1/api/api-keys?sort=name%2Casc&page=0&size=10>; rel="prev"',
        '<http://h:1/api/api-keys?sort=name%2Casc&page=3&size=10>; rel="last"',
        '<http://h:1/api/api-keys?sort=name%2Casc&page=0&size=10>; rel="first"',
      ].join(","),
    );
  });

  it("list: an empty result links last to page -1 (JHipster's quirk)", () => {
    expect(listLinkHeader(new URL("http://h/api/api-keys"), 0, 20, 0)).toBe(
      '<http://h/api/api-keys?page=-1&size=20>; rel="last",<http://h/api/api-keys?page=0&size=20>; rel="first"',
    );
  });

  it("search (documented): 1-based pages pointing at /api/elasticsearch/search", () => {
    expect(documentedProfile.searchLink(1, 25, 250)).toBe(
      '</api/elasticsearch/search?page=2&size=25>; rel="next",</api/elasticsearch/search?page=10&size=25>; rel="last",</api/elasticsearch/search?page=1&size=25>; rel="first"',
    );
    expect(documentedProfile.searchLink(10, 25, 250)).toBe(
      '</api/elasticsearch/search?page=9&size=25>; rel="prev",</api/elasticsearch/search?page=10&size=25>; rel="last",</api/elasticsearch/search?page=1&size=25>; rel="first"',
    );
  });

  it("search (utmstack-v11): UtilPagination's 0-based links, as the released source builds them", () => {
    expect(utilPaginationLink(1, 25, 250)).toBe(
      '</api/elasticsearch/search?page=2&size=25>; rel="next",</api/elasticsearch/search?page=0&size=25>; rel="prev",</api/elasticsearch/search?page=9&size=25>; rel="last",</api/elasticsearch/search?page=0&size=25>; rel="first"',
    );
  });
});

describe("seeded alerts", () => {
  it("are deterministic for a seed and spread over the 30 days before now", () => {
    const now = Date.parse("2026-06-01T00:00:00Z");
    const first = generateAlerts(300, 7, now);
    expect(generateAlerts(300, 7, now)).toEqual(first);
    expect(generateAlerts(300, 8, now)).not.toEqual(first);
    const times = first.map((alert) => Date.parse(alert["@timestamp"] as string));
    expect(Math.min(...times)).toBeGreaterThan(now - 30 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(now);
    expect(first[0]).toMatchObject({
      severity: expect.any(Number),
      severityLabel: expect.any(String),
      status: expect.any(Number),
      tags: expect.any(Array),
      dataType: expect.any(String),
      destination: {
        ip: expect.any(String),
        country: expect.any(String),
        city: expect.any(String),
        coordinates: expect.any(Array),
      },
      port: expect.any(Number),
    });
  });
});
