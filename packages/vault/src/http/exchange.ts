import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";
import type { Deadline } from "./deadline.js";

/** One request as sent on the wire (a redirect hop sends it again, to its new URL). */
export interface Outgoing {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | null;
}

/** A whole answer: status, headers and every byte of the body. */
export interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Sends one request through the dispatcher and reads its answer whole, inside `deadline`. Built on
 * `dispatch` with a handler of our own rather than `dispatcher.request`: the clients read every
 * body in full anyway, and skipping request's body stream saves about a fifth of a request's CPU.
 */
export function exchange(
  dispatcher: Dispatcher,
  url: URL,
  outgoing: Outgoing,
  deadline: Deadline,
): Promise<Answer> {
  if (deadline.reason !== undefined) return Promise.reject(deadline.reason);
  return new Promise<Answer>((resolve, reject) => {
    const handler = new BufferingHandler(resolve, reject);
    deadline.watch((reason) => handler.abort(reason));
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: outgoing.method as Dispatcher.HttpMethod,
          headers: outgoing.headers,
          body: outgoing.body,
        },
        handler,
      );
    } catch (error) {
      handler.fail(error);
    }
  });
}

class BufferingHandler implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  /** An abort that came before undici handed us its controller (still connecting). */
  #pendingAbort: Error | undefined;
  #settled = false;
  #status = 0;
  #statusText = "";
  #headers: IncomingHttpHeaders = {};
  readonly #chunks: Buffer[] = [];

  constructor(
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (reason: unknown) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#pendingAbort) controller.abort(this.#pendingAbort);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
    statusText?: string,
  ): void {
    // 1xx answers are interim; the final one follows on the same request
    if (status < 200) return;
    this.#status = status;
    this.#headers = headers;
    this.#statusText = statusText ?? "";
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#settle()) return;
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    this.resolve({ status: this.#status, statusText: this.#statusText, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  /** No answer: a network, TLS or protocol failure, shaped as fetch's own (`TypeError`, the cause kept). */
  fail(error: unknown): void {
    if (this.#settle()) return;
    const detail = (error as { code?: unknown }).code ?? (error as Error).message;
    this.reject(new TypeError(`fetch failed (${String(detail)})`, { cause: error }));
  }

  /** Stops the exchange now (the request's deadline passed, or its caller gave up). */
  abort(reason: unknown): void {
    if (this.#settle()) return;
    const error = reason instanceof Error ? reason : new Error(String(reason));
    // undici can only abort once it has a controller; until then it is connecting, under its own
    // connect timeout, and is aborted as soon as the controller arrives.
    if (this.#controller) this.#controller.abort(error);
    else this.#pendingAbort = error;
    this.reject(reason);
  }

  /** True when the exchange had already ended (later callbacks are the aftermath of an abort). */
  #settle(): boolean {
    if (this.#settled) return true;
    this.#settled = true;
    return false;
  }
}
