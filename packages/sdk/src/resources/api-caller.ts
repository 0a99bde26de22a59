import {
  type Client,
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
} from "openapi-fetch";
import type { paths } from "../generated/keywarden.js";
import type { CallOptions, Transport } from "../transport/transport.js";
import { fillPath } from "./path-template.js";

/** The typed methods the resources call: openapi-fetch's own signatures. */
export type ApiMethods = Pick<Client<paths>, "GET" | "POST" | "PUT" | "DELETE">;

/** What the caller needs from the client. */
export interface ApiCallerConfig {
  /** The openapi-fetch client: used whenever middleware is registered, or for options the fast path lacks. */
  raw: Client<paths>;
  transport: Transport;
  /** The base URL, without trailing slash. */
  baseUrl: string;
  /** True once any middleware was registered on `raw` (middleware must see a real `Request`). */
  middlewareInUse: () => boolean;
}

/** The options the direct path understands; any other option sends the call through openapi-fetch. */
interface DirectInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
  parseAs?: "json" | "text";
  signal?: AbortSignal | null;
  fetch?: unknown;
}

const DIRECT_OPTIONS = new Set(["params", "body", "parseAs", "signal", "fetch"]);

/**
 * The resources' typed calls. Without middleware they skip openapi-fetch's `new Request(...)` (which
 * Node's fetch then copies again, body stream included) and hand the transport the URL, headers and body
 * that openapi-fetch would have put in that `Request`, then read the response exactly as openapi-fetch
 * does, so callers get the same `{ data | error, response }`. With middleware, or an option this path
 * does not know, the call goes through openapi-fetch unchanged.
 */
export function createApiCaller(config: ApiCallerConfig): ApiMethods {
  const { raw, transport, baseUrl } = config;
  const querySerializer = createQuerySerializer();
  // A URL with credentials makes `new Request` throw before anything is sent: keep that behaviour.
  const direct = !hasCredentials(baseUrl);

  const call = (method: string, path: string, init: DirectInit | undefined): Promise<unknown> => {
    const options = init === undefined ? undefined : transport.callOptionsOf(init.fetch);
    if (
      !direct ||
      init === undefined ||
      options === undefined ||
      config.middlewareInUse() ||
      !isDirect(method, init)
    ) {
      return raw.request(method.toLowerCase() as "get", path as never, init as never);
    }
    return send(transport, options, method, path, init, baseUrl, querySerializer);
  };

  return {
    GET: ((path: string, init?: DirectInit) => call("GET", path, init)) as ApiMethods["GET"],
    POST: ((path: string, init?: DirectInit) => call("POST", path, init)) as ApiMethods["POST"],
    PUT: ((path: string, init?: DirectInit) => call("PUT", path, init)) as ApiMethods["PUT"],
    DELETE: ((path: string, init?: DirectInit) => call("DELETE", path, init)) as ApiMethods["DELETE"],
  };
}

async function send(
  transport: Transport,
  options: CallOptions,
  method: string,
  path: string,
  init: DirectInit,
  baseUrl: string,
  querySerializer: (query: Record<string, unknown>) => string,
): Promise<unknown> {
  const params = init.params ?? {};
  const filled = fillPath(baseUrl, path, params.path);
  const url =
    filled === undefined
      ? createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer: defaultPathSerializer })
      : withQuery(filled, querySerializer(params.query ?? {}));
  const body = init.body === undefined ? undefined : (defaultBodySerializer(init.body as never) as string);
  const response = await transport.send(options, {
    method,
    url,
    // openapi-fetch's only header here: JSON content type whenever there is a body.
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body,
    signal: init.signal ?? undefined,
    redirect: "follow",
  });
  return readResult(response, init.parseAs ?? "json");
}

/** Appends a serialised query as openapi-fetch's `createFinalURL` does (a leading `?` dropped, none if empty). */
function withQuery(url: string, search: string): string {
  const query = search.startsWith("?") ? search.substring(1) : search;
  return query ? `${url}?${query}` : url;
}

/** Reads a response the way openapi-fetch 0.17 does: `{ data, response }` or `{ error, response }`. */
export async function readResult(
  response: Response,
  parseAs: "json" | "text",
): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  const contentLength = response.headers.get("Content-Length");
  if (
    response.status === 204 ||
    (contentLength === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked"))
  ) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    if (parseAs === "json" && !contentLength) {
      const text = await response.text();
      return { data: text ? JSON.parse(text) : undefined, response };
    }
    return { data: await response[parseAs](), response };
  }
  let error: unknown = await response.text();
  try {
    error = JSON.parse(error as string);
  } catch {
    // not JSON: keep the text
  }
  return { error, response };
}

/** True when the call uses only options the direct path reproduces exactly. */
function isDirect(method: string, init: DirectInit): boolean {
  for (const key in init) if (!DIRECT_OPTIONS.has(key)) return false;
  if (init.parseAs !== undefined && init.parseAs !== "json" && init.parseAs !== "text") return false;
  if (init.signal != null && !(init.signal instanceof AbortSignal)) return false;
  // `new Request` refuses a GET body; FormData bodies need the runtime's multipart encoding.
  if (init.body !== undefined && (method === "GET" || init.body instanceof FormData)) return false;
  return true;
}

function hasCredentials(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.username !== "" || url.password !== "";
}
