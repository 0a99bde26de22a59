import fc from "fast-check";
import {
  getResponse,
  HttpHandler,
  HttpResponse,
  type HttpResponseResolver,
  http,
  matchRequestUrl,
} from "msw";
import { describe, expect, it } from "vitest";
import { RouteHandler, route } from "../../src/http/route-handler.js";
import { createKeyServiceMock } from "../../src/key-service-mock.js";

const PATHS = [
  "*/api/api-keys",
  "*/api/api-keys/:id",
  "*/api/api-keys/:id/generate",
  "*/__mock/faults/:id",
  "*/v1/*",
  "http://utm.test/api/authenticate",
  "http://localhost:8080/api/api-keys/:id",
  "https://utm.test:8443/api/items/:id?",
];
const URLS = [
  "http://utm.test/api/api-keys",
  "http://utm.test/api/api-keys/",
  "http://utm.test/API/Api-Keys/7",
  "http://utm.test/api/api-keys/7/generate",
  "http://other.test:4010/api/api-keys/7/generate/",
  "http://utm.test/api/api-keys/%E2%82%AC",
  "http://utm.test/api/api-keys/a%2Fb",
  "http://utm.test/api/api-keys/%zz",
  "http://utm.test/api/api-keys/7?x=1#y",
  "http://vault.test/v1/secret/data/a/b",
  "http://utm.test/api/authenticate",
  "http://elsewhere.test/api/authenticate",
  "http://localhost:8080/api/api-keys/3",
  "https://utm.test:8443/api/items",
  "https://utm.test:8443/api/items/9",
];

/**
 * What msw's own HttpHandler decides: matches and params, or the error it throws. Where msw throws
 * on a parameter decodeURIComponent cannot read (`%zz`, `%ff`), a route keeps the parameter as sent
 * (so its own checks answer a 400, not msw a 500): msw's match on the raw text (every `%` escaped as
 * `%25`), each parameter then decoded where it can be.
 */
function mswMatch(url: URL, path: string) {
  try {
    return matchRequestUrl(url, path);
  } catch (error) {
    if ((error as Error).name !== "URIError") return { threw: (error as Error).name };
    const kept = new URL(url.href);
    kept.pathname = url.pathname.replaceAll("%", "%25");
    const raw = matchRequestUrl(kept, path);
    const params = Object.fromEntries(
      Object.entries(raw.params ?? {}).map(([name, value]) => {
        try {
          return [name, decodeURIComponent(String(value))];
        } catch {
          return [name, value];
        }
      }),
    );
    return { ...raw, params };
  }
}

async function routeMatch(handler: RouteHandler, url: URL) {
  try {
    return (await handler.parse({ request: new Request(url) })).match;
  } catch (error) {
    return { threw: (error as Error).name };
  }
}

describe("RouteHandler matches exactly as msw's http handlers", () => {
  it("on the mock's own path shapes, odd encodings included", async () => {
    for (const path of PATHS) {
      const handler = route.get(path, () => new Response(null));
      for (const raw of URLS) {
        const url = new URL(raw);
        expect(await routeMatch(handler, url), `${path} ${raw}`).toEqual(mswMatch(url, path));
      }
    }
  });

  it("on random URLs against every route the mock serves", async () => {
    const mock = createKeyServiceMock({ vault: false, admin: true });
    const handlers = mock.handlers.filter((handler) => handler instanceof RouteHandler);
    expect(handlers.length).toBeGreaterThan(15);
    const segment = fc.oneof(
      fc.constantFrom(
        "api",
        "api-keys",
        "API",
        "7",
        "generate",
        "__mock",
        "faults",
        "search",
        "%41",
        "%",
        "",
      ),
      fc.webSegment(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("http://utm.test", "http://127.0.0.1:4010", "https://h.test:8443"),
        fc.array(segment, { maxLength: 5 }),
        async (origin, segments) => {
          const url = new URL(`${origin}/${segments.join("/")}`);
          for (const handler of handlers) {
            const path = (handler as HttpHandler).info.path as string;
            expect(await routeMatch(handler as RouteHandler, url)).toEqual(mswMatch(url, path));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is still an msw HttpHandler with the method and path msw shows", () => {
    const handler = route.put("*/api/api-keys/:id", () => new Response(null));
    expect(handler).toBeInstanceOf(HttpHandler);
    expect(handler.info).toMatchObject({ method: "PUT", path: "*/api/api-keys/:id" });
  });
});

/** What getResponse answers through a handler built by `build`: status, body and whether it fell through. */
async function answerThrough(
  build: (path: string, resolver: HttpResponseResolver) => HttpHandler,
  resolver: HttpResponseResolver,
  url = "http://utm.test/api/items/7",
) {
  const fallback = http.get("*", () => HttpResponse.text("fell through", { status: 299 }));
  try {
    const response = await getResponse([build("*/api/items/:id", resolver), fallback], new Request(url));
    return response ? { status: response.status, body: await response.text() } : undefined;
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

describe("RouteHandler answers exactly as msw's http handlers", () => {
  const resolvers: Record<string, HttpResponseResolver> = {
    "returns a response": ({ params }) => HttpResponse.text(`item ${params.id}`, { status: 201 }),
    "throws a response": () => {
      throw HttpResponse.text("thrown", { status: 418 });
    },
    "returns nothing (falls through)": () => undefined,
    "throws an error": () => {
      throw new Error("boom");
    },
    "reads the request's method and headers": async ({ request }) =>
      HttpResponse.text(`${request.method} ${request.headers.get("x-a") ?? "-"}`),
  };
  for (const [name, resolver] of Object.entries(resolvers)) {
    it(`when the resolver ${name}`, async () => {
      expect(await answerThrough(route.get, resolver)).toEqual(await answerThrough(http.get, resolver));
    });
  }

  it("for any method through route.all, as through msw's http.all", async () => {
    for (const method of ["GET", "POST", "DELETE", "LIST"]) {
      const request = () => new Request("http://utm.test/v1/secret/data/a", { method });
      const answer = async (build: (path: string, resolver: HttpResponseResolver) => HttpHandler) => {
        const response = await getResponse(
          [build("*/v1/*", ({ request }) => HttpResponse.text(request.method))],
          request(),
        );
        return response && { status: response.status, body: await response.text() };
      };
      expect(await answer(route.all)).toEqual(await answer(http.all));
      expect(await answer(route.all)).toEqual({ status: 200, body: method });
    }
  });

  it("when the path does not match", async () => {
    const resolver = () => HttpResponse.text("matched");
    const url = "http://utm.test/api/other";
    expect(await answerThrough(route.get, resolver, url)).toEqual({ status: 299, body: "fell through" });
    expect(await answerThrough(http.get, resolver, url)).toEqual({ status: 299, body: "fell through" });
  });

  it("refuses finalize() loudly instead of ignoring the callback", async () => {
    const answer = await answerThrough(route.get, ({ finalize }) => {
      finalize(() => undefined);
      return HttpResponse.text("never");
    });
    expect(answer).toEqual({ threw: "GET */api/items/:id: mock routes do not support finalize()" });
  });
});
