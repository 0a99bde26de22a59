/**
 * The answer to a call no middleware will see, read whole by the transport while the attempt's
 * deadline ran (see `answer-body.ts`): its text, status and the original `Headers`. openapi-fetch
 * reads `status`, `ok`, `headers` and `text()`/`json()` of it, which cost nothing more; a native
 * `Response` would read the body a second time. Anything else asked of it (a clone, the body as a
 * stream) is answered by a native `Response` built at that moment, so it still behaves as one; like
 * `PlainRequest`, it is never handed to middleware or to a caller.
 */
export class PlainResponse implements Response {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly url: string;
  readonly type: ResponseType = "basic";
  readonly redirected = false;
  readonly #text: string;
  #native: Response | undefined;

  constructor(text: string, from: Response, url: string) {
    this.#text = text;
    this.status = from.status;
    this.statusText = from.statusText;
    this.headers = from.headers;
    this.url = from.url || url;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  /** The native `Response` this one stands for, built once, when something asks what only it knows. */
  private native(): Response {
    this.#native ??= new Response(this.#text === "" ? null : this.#text, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
    return this.#native;
  }

  get body(): Response["body"] {
    return this.native().body;
  }
  get bodyUsed(): boolean {
    return this.#native?.bodyUsed ?? false;
  }
  text(): Promise<string> {
    return Promise.resolve(this.#text);
  }
  json(): Promise<unknown> {
    try {
      return Promise.resolve(JSON.parse(this.#text));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.native().arrayBuffer();
  }
  bytes(): ReturnType<Response["bytes"]> {
    return this.native().bytes();
  }
  blob(): Promise<Blob> {
    return this.native().blob();
  }
  formData(): Promise<FormData> {
    return this.native().formData();
  }
  clone(): Response {
    return this.native().clone();
  }
}
