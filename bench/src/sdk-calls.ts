// The calls the SDK-overhead suite times, shared with the SDK's own perf script
// (packages/sdk/test/perf/client-cpu.ts) so both measure the very same requests.
import { f, type KeywardenClient, type paths } from "@keywarden/sdk";
import createClient from "openapi-fetch";

/**
 * Raw fetch with the SDK's default 30 s timeout as an abort signal of its own: what a careful caller
 * of raw fetch would send, and the share of the SDK's overhead that the timeout alone accounts for.
 */
export const RAW_WITH_TIMEOUT = "raw fetch + 30 s timeout signal";

/**
 * openapi-fetch through its public options with nothing of its own around it: a `Request` that only
 * keeps what openapi-fetch gives it, sent by `fetch(url, init)`. No deadline, no validation, no
 * credentials layer: what any client built on openapi-fetch pays at least, the floor the SDK sits on.
 */
export const OPENAPI_FETCH_FLOOR = "openapi-fetch floor (plain Request)";

/** The least a `Request` for openapi-fetch's `Request` option can be when only our `fetch` reads it. */
class FloorRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  constructor(url: string, init: { method: string; headers: Headers; body?: string }) {
    this.url = url;
    this.method = init.method;
    this.headers = init.headers;
    this.body = init.body;
  }
}

/** One call, awaited to the parsed body. */
export type Call = () => Promise<unknown>;

/** The search the SDK sends: page 1 of 25 alert hits, two filters. Fresh each call, as a caller builds it. */
export const searchParams = () => ({
  indexPattern: "alert-*",
  top: 1000,
  page: 1,
  size: 25,
  sort: "@timestamp,desc",
  filters: [f.is("status", 2), f.between("@timestamp", "now-7d", "now")],
});

const SEARCH_QUERY = "page=1&size=25&top=1000&indexPattern=alert-*&sort=@timestamp,desc";
const SEARCH_BODY = [
  { field: "status", operator: "IS", value: 2 },
  { field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] },
] as const;

/** The search's openapi-fetch options, as bare openapi-fetch and the floor send it. */
const SEARCH_OPTIONS = {
  params: {
    query: { page: 1, size: 25, top: 1000, indexPattern: "alert-*", sort: ["@timestamp,desc"] },
  },
  body: SEARCH_BODY as never,
};

/**
 * `apiKeys.get` and a search, each through raw fetch, bare openapi-fetch and every SDK client given
 * (by the name to report it under), against the mock at `url`.
 */
export function overheadCalls(
  mock: { url: string; token: string; keyId: number },
  sdks: Record<string, Pick<KeywardenClient, "apiKeys" | "search">>,
): Record<"apiKeys.get" | "search", Record<string, Call>> {
  const { url, token, keyId } = mock;
  const headers = { authorization: `Bearer ${token}` };
  const raw = createClient<paths>({ baseUrl: url, headers });
  const floor = createClient<paths>({
    baseUrl: url,
    headers,
    Request: FloorRequest as unknown as typeof Request,
    fetch: (request) => {
      const { url, method, headers, body } = request as unknown as FloorRequest;
      return fetch(url, { method, headers, body: body ?? null });
    },
  });
  const each = (call: (sdk: Pick<KeywardenClient, "apiKeys" | "search">) => Promise<unknown>) =>
    Object.fromEntries(Object.entries(sdks).map(([name, sdk]) => [name, () => call(sdk)]));
  return {
    "apiKeys.get": {
      "raw fetch": async () => (await fetch(`${url}/api/api-keys/${keyId}`, { headers })).json(),
      [RAW_WITH_TIMEOUT]: async () =>
        (
          await fetch(`${url}/api/api-keys/${keyId}`, { headers, signal: AbortSignal.timeout(30_000) })
        ).json(),
      "openapi-fetch": () => raw.GET("/api/api-keys/{id}", { params: { path: { id: keyId } } }),
      [OPENAPI_FETCH_FLOOR]: () => floor.GET("/api/api-keys/{id}", { params: { path: { id: keyId } } }),
      ...each((sdk) => sdk.apiKeys.get(keyId)),
    },
    search: {
      "raw fetch": async () =>
        (
          await fetch(`${url}/api/elasticsearch/search?${SEARCH_QUERY}`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: JSON.stringify(SEARCH_BODY),
          })
        ).json(),
      [RAW_WITH_TIMEOUT]: async () =>
        (
          await fetch(`${url}/api/elasticsearch/search?${SEARCH_QUERY}`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: JSON.stringify(SEARCH_BODY),
            signal: AbortSignal.timeout(30_000),
          })
        ).json(),
      "openapi-fetch": () => raw.POST("/api/elasticsearch/search", SEARCH_OPTIONS),
      [OPENAPI_FETCH_FLOOR]: () => floor.POST("/api/elasticsearch/search", SEARCH_OPTIONS),
      ...each((sdk) => sdk.search(searchParams())),
    },
  };
}
