import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactText } from "../../src/errors/redact.js";
import { nextPageNumber, pageOf, parseLinkHeader } from "../../src/pagination/link-header.js";

/** JHipster's Link header for page `page` of `pages` (0-based), as PaginationUtil writes it. */
function jhipsterLink(page: number, pages: number, size: number): string {
  const uri = (p: number) => `http://h/api/api-keys?sort=name%2Casc&page=${p}&size=${size}`;
  const links: string[] = [];
  if (page < pages - 1) links.push(`<${uri(page + 1)}>; rel="next"`);
  if (page > 0) links.push(`<${uri(page - 1)}>; rel="prev"`);
  links.push(`<${uri(pages - 1)}>; rel="last"`, `<${uri(0)}>; rel="first"`);
  return links.join(",");
}

describe("properties", () => {
  it("following JHipster's next links visits every page exactly once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 50 }), (pages, size) => {
        const visited: number[] = [];
        let page: number | undefined = 0;
        while (page !== undefined && visited.length <= pages) {
          visited.push(page);
          const links = parseLinkHeader(jhipsterLink(page, pages, size));
          expect(pageOf(links.first)).toBe(0);
          page = nextPageNumber({ links, total: pages * size, page, size, received: size, firstPage: 0 });
        }
        expect(visited).toEqual(Array.from({ length: pages }, (_, i) => i));
      }),
    );
  });

  it("a known secret never survives redaction, wherever it sits in the text", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 4 }), fc.string(), (before, secret, after) => {
        expect(redactText(`${before}${secret}${after}`, [secret])).not.toContain(secret);
      }),
    );
  });

  it("a 43-character base64url key never survives redaction, even unknown", () => {
    const keyChar = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    fc.assert(
      fc.property(
        fc.array(keyChar, { minLength: 43, maxLength: 43 }),
        fc.constantFrom(" ", ": ", "=", "\n"),
        (chars, sep) => {
          const key = chars.join("");
          expect(redactText(`key${sep}${key} refused`)).not.toContain(key);
        },
      ),
    );
  });
});
