/** A signal that never aborts: what a `Request` built without the caller's signal reports. */
const NEVER_ABORTED = new AbortController().signal;

/** What openapi-fetch passes to the `Request` it builds. */
type PlainRequestInit = RequestInit & { body?: string | null | undefined };

/**
 * The `Request` openapi-fetch builds for a call no middleware will see (openapi-fetch's `Request`
 * option, per call). Only the SDK's transport reads it, so it keeps what openapi-fetch gave as it is:
 * the URL string, the `Headers`, the JSON text of the body, the caller's signal. A native `Request` would
 * parse the URL, copy the headers, wrap the body in a stream and follow the caller's signal with one of
 * its own, all of which the transport then undoes on every call. Anything else asked of it (a clone,
 * the body as a stream) is answered by a native `Request` built at that moment, so it still behaves as
 * one; it is only never `instanceof` the global `Request`, which is why middleware gets native ones.
 */
export class PlainRequest implements Request {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly redirect: RequestRedirect;
  /** The caller's signal, if any (`signal` reports one that never aborts instead, as a `Request` does). */
  readonly callerSignal: AbortSignal | undefined;
  /** The serialized body, resent as it is by every attempt. */
  readonly sentBody: string | undefined;
  #native: Request | undefined;
  readonly #init: PlainRequestInit;

  constructor(url: string, init: PlainRequestInit = {}) {
    this.url = url;
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.redirect = init.redirect ?? "follow";
    this.callerSignal = init.signal ?? undefined;
    this.sentBody = init.body ?? undefined;
    this.#init = init;
  }

  /** The native `Request` this one stands for, built once, when something asks what only it knows. */
  private native(): Request {
    this.#native ??= new Request(this.url, {
      ...this.#init,
      method: this.method,
      headers: this.headers,
      redirect: this.redirect,
    });
    return this.#native;
  }

  get signal(): AbortSignal {
    return this.callerSignal ?? NEVER_ABORTED;
  }
  get body(): Request["body"] {
    return this.native().body;
  }
  get bodyUsed(): boolean {
    return this.#native?.bodyUsed ?? false;
  }
  get cache(): RequestCache {
    return this.native().cache;
  }
  get credentials(): RequestCredentials {
    return this.native().credentials;
  }
  get destination(): RequestDestination {
    return this.native().destination;
  }
  get integrity(): string {
    return this.native().integrity;
  }
  get keepalive(): boolean {
    return this.native().keepalive;
  }
  get mode(): RequestMode {
    return this.native().mode;
  }
  get referrer(): string {
    return this.native().referrer;
  }
  get referrerPolicy(): ReferrerPolicy {
    return this.native().referrerPolicy;
  }
  get duplex(): "half" {
    return "half";
  }
  clone(): Request {
    return this.native().clone();
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.native().arrayBuffer();
  }
  bytes(): ReturnType<Request["bytes"]> {
    return this.native().bytes();
  }
  blob(): Promise<Blob> {
    return this.native().blob();
  }
  formData(): Promise<FormData> {
    return this.native().formData();
  }
  json(): Promise<unknown> {
    return this.native().json();
  }
  text(): Promise<string> {
    return this.native().text();
  }
}
