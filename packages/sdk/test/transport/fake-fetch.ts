/** A recorded request: what the fake server saw. */
export interface Seen {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A tiny scripted `fetch` for transport tests: each request is answered by `answer(request, index)`.
 * It honours the request's signal like a real fetch does.
 */
export function fakeFetch(
  answer: (seen: Seen, index: number) => Response | Promise<Response> | "hang" | Error,
) {
  const seen: Seen[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const entry: Seen = {
      method: request.method,
      path: url.pathname,
      search: url.search,
      headers: Object.fromEntries(request.headers.entries()),
      body: await request.text(),
    };
    seen.push(entry);
    const result = await answer(entry, seen.length - 1);
    if (result instanceof Error) throw result;
    if (result === "hang") {
      return new Promise<Response>((_resolve, reject) => {
        request.signal.throwIfAborted();
        request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      });
    }
    return result;
  };
  return { fetch, seen };
}

/** A JSON response. */
export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** An empty response with UTMStack's error header. */
export const failure = (status: number, reason?: string, headers: Record<string, string> = {}) =>
  new Response(null, { status, headers: { ...(reason ? { "x-utmstack-error": reason } : {}), ...headers } });

export const KEY = {
  id: 3,
  name: "ci",
  allowedIp: [],
  createdAt: "2026-01-01T00:00:00Z",
  expiresAt: null,
  generatedAt: null,
};

/** Retry options that never wait, re-exported so transport tests import their helpers from one place. */
export { instantRetry } from "../support/instant-retry.js";
