import { describe, expect, it } from "vitest";
import {
  nextPageNumber,
  nextSearchPage,
  pageOf,
  parseLinkHeader,
  totalOf,
} from "../../src/pagination/link-header.js";

const JHIPSTER =
  '<http://127.0.0.1:4010/api/api-keys?page=2&size=20&sort=createdAt%2Cdesc>; rel="next",' +
  '<http://127.0.0.1:4010/api/api-keys?page=0&size=20&sort=createdAt%2Cdesc>; rel="prev",' +
  '<http://127.0.0.1:4010/api/api-keys?page=4&size=20&sort=createdAt%2Cdesc>; rel="last",' +
  '<http://127.0.0.1:4010/api/api-keys?page=0&size=20&sort=createdAt%2Cdesc>; rel="first"';

describe("Link header", () => {
  it("parses JHipster's four relations, keeping encoded commas inside URLs", () => {
    const links = parseLinkHeader(JHIPSTER);
    expect(Object.keys(links).sort()).toEqual(["first", "last", "next", "prev"]);
    expect(pageOf(links.next)).toBe(2);
    expect(pageOf(links.last)).toBe(4);
    expect(links.next).toContain("sort=createdAt%2Cdesc");
  });

  it("reads relative URLs and the empty-list quirk page=-1", () => {
    const links = parseLinkHeader('</api/elasticsearch/search?page=-1&size=25>; rel="last"');
    expect(pageOf(links.last)).toBe(-1);
  });

  it("returns no links for a missing or empty header", () => {
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader("")).toEqual({});
  });

  it("reads X-Total-Count, ignoring garbage", () => {
    expect(totalOf(new Headers({ "X-Total-Count": "42" }))).toBe(42);
    expect(totalOf(new Headers({ "X-Total-Count": "lots" }))).toBeUndefined();
    expect(totalOf(new Headers())).toBeUndefined();
  });

  it("follows rel=next when present and stops when the header has no next", () => {
    const base = { total: 100, page: 1, size: 20, received: 20, firstPage: 0 };
    expect(nextPageNumber({ ...base, links: parseLinkHeader(JHIPSTER) })).toBe(2);
    const lastPage = parseLinkHeader('<u?page=4&size=20>; rel="last",<u?page=0&size=20>; rel="first"');
    expect(nextPageNumber({ ...base, links: lastPage })).toBeUndefined();
  });

  it("without a Link header, goes on while pages are full and the total is not reached", () => {
    expect(
      nextPageNumber({ links: {}, total: undefined, page: 1, size: 10, received: 10, firstPage: 1 }),
    ).toBe(2);
    expect(
      nextPageNumber({ links: {}, total: 20, page: 2, size: 10, received: 10, firstPage: 1 }),
    ).toBeUndefined();
    expect(
      nextPageNumber({ links: {}, total: undefined, page: 1, size: 10, received: 3, firstPage: 1 }),
    ).toBeUndefined();
    expect(
      nextPageNumber({ links: {}, total: undefined, page: 0, size: 10, received: 0, firstPage: 0 }),
    ).toBeUndefined();
  });

  it("ignores a next link that points backwards", () => {
    const links = parseLinkHeader('<u?page=0&size=20>; rel="next"');
    expect(
      nextPageNumber({ links, total: 100, page: 3, size: 20, received: 20, firstPage: 0 }),
    ).toBeUndefined();
  });
});

describe("next search page", () => {
  it("trusts X-Total-Count over UTMStack v11's Link, which numbers 1-based pages from 0", () => {
    // v11 on page 7 of 8 (300 hits, 40 per page) sends no rel="next"
    const links = parseLinkHeader(
      '</api/elasticsearch/search?page=7&size=40>; rel="last",</api/elasticsearch/search?page=0&size=40>; rel="first"',
    );
    expect(nextSearchPage({ links, total: 300, page: 7, size: 40, received: 40 })).toBe(8);
    expect(nextSearchPage({ links, total: 300, page: 8, size: 40, received: 20 })).toBeUndefined();
  });

  it("falls back to Link and the page's fill without a total", () => {
    expect(nextSearchPage({ links: {}, total: undefined, page: 1, size: 10, received: 10 })).toBe(2);
    expect(nextSearchPage({ links: {}, total: undefined, page: 1, size: 10, received: 0 })).toBeUndefined();
  });
});
