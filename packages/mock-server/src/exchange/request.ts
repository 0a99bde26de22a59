/** Request headers, read by name (case-insensitive); repeated headers read joined by `", "`. */
export interface HeaderBag {
  get(name: string): string | null;
}

/**
 * One request as the mock's services read it, whichever front end received it: msw in-process or
 * the node:http server. Nothing here is a fetch `Request` or a node `IncomingMessage`, so the rules
 * can be run and tested without either.
 */
export interface MockRequest {
  /** Upper case, as sent (`LIST` included). */
  method: string;
  /** Origin, path and query, parsed (the path with `.`/`..` segments already resolved). */
  url: URL;
  /**
   * The path exactly as the request line carried it (over a socket), before URL parsing resolved
   * `.`/`..` segments: servers answer those as their real counterparts do. In-process, the URL's path.
   */
  rawPath: string;
  headers: HeaderBag;
  /** The body as UTF-8 text (`""` when none, or when it was over the limit and left unread). */
  body: string;
  /** The body was over the limit the service set for this request (see `Service.bodyLimit`). */
  oversized: boolean;
  /** The caller's IP address: the socket's, or `127.0.0.1` in-process. */
  address: string;
}
