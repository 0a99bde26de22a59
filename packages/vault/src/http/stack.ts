import { Agent, type Dispatcher, Pool } from "undici";
import { createFetch, type HttpFetch } from "./fetch.js";
import type { TlsSettings } from "./tls.js";

/** Settings of {@link createHttpStack}. */
export interface HttpStackOptions {
  /** Establishing a connection, TCP and TLS (the rotator's `KEYWARDEN_CONNECT_TIMEOUT`). */
  readonly connectMs: number;
  /** One request from sending it to the last byte of its answer, redirects included (the rotator's `KEYWARDEN_REQUEST_TIMEOUT`). */
  readonly requestMs: number;
  /** TLS of particular origins (Vault's); every other origin is checked against the system's CAs. */
  readonly tls?: Readonly<Record<string, TlsSettings>>;
}

/** One way out for every request: a keep-alive connection pool per origin and the fetch over it. */
export interface HttpStack {
  readonly fetch: HttpFetch;
  readonly dispatcher: Dispatcher;
  /** Closes the pools (idle connections never hold the process open; this is for tests and tools). */
  close(): Promise<void>;
}

/** The deadlines when none are given (the rotator's `KEYWARDEN_CONNECT_TIMEOUT` and `KEYWARDEN_REQUEST_TIMEOUT` defaults). */
export const DEFAULT_DEADLINES = { connectMs: 10_000, requestMs: 30_000 } as const;

/** Idle connections are kept this long for the next request, unless the server's keep-alive hint is shorter. */
const KEEP_ALIVE_MS = 10_000;
/** Answers are small JSON; a server streaming without end must not fill the memory before the deadline. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Builds the stack on an undici `Agent`: one pool per origin, kept alive, each connection bounded by
 * `connectMs`, and each origin's TLS settings applied to that origin alone, so a Vault CA or client
 * certificate never reaches the key service.
 */
export function createHttpStack(options: HttpStackOptions): HttpStack {
  const connect = { timeout: options.connectMs };
  const tlsByOrigin = new Map(
    Object.entries(options.tls ?? {}).map(([url, tls]) => [new URL(url).origin, tls]),
  );
  const agent = new Agent({
    keepAliveTimeout: KEEP_ALIVE_MS,
    maxResponseSize: MAX_RESPONSE_BYTES,
    connect,
    ...(tlsByOrigin.size > 0
      ? {
          factory: (origin: string | URL, defaults: object) =>
            new Pool(origin, {
              ...(defaults as Pool.Options),
              connect: { ...connect, ...tlsByOrigin.get(new URL(String(origin)).origin) },
            }),
        }
      : {}),
  });
  return {
    fetch: createFetch(agent, options.requestMs),
    dispatcher: agent,
    close: () => agent.close(),
  };
}
