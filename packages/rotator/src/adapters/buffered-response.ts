/**
 * A `Response` whose body is already in memory, for the rotator's HTTP client (which reads every body
 * whole before answering). `new Response(bytes)` wraps the bytes in a web stream that the SDK and the
 * Vault client then read back through a reader: in the rotation benchmark that stream was the largest
 * part of building a response. This one keeps the bytes and answers `text()`, `json()` and the other
 * body methods from them; a stream is made only for a caller that asks for `body`.
 *
 * It is a real `Response` (`instanceof Response` holds; status, headers and the rest are the platform's),
 * and reading it follows the platform's rules: a body is read once, then `bodyUsed` is true and a
 * second read throws the same `TypeError`.
 */
export class BufferedResponse extends Response {
  readonly #bytes: Uint8Array<ArrayBuffer> | null;
  readonly #url: string;
  #used = false;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;

  /** @param bytes the whole body, or null for none (204, 304, HEAD) */
  constructor(bytes: Uint8Array<ArrayBuffer> | null, init: ResponseInit, url: string) {
    super(null, init);
    this.#bytes = bytes;
    this.#url = url;
  }

  override get url(): string {
    return this.#url;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#bytes === null) return null;
    if (this.#stream === undefined && this.#used) {
      // read through a body method: as the platform's, its stream stays locked by that read
      this.#stream = new ReadableStream<Uint8Array<ArrayBuffer>>();
      this.#stream.getReader();
    }
    if (this.#stream === undefined) {
      const bytes = this.#bytes;
      // a byte stream, as the platform's; pulled only when read (high-water mark 0), so reading or
      // cancelling is what marks it used
      this.#stream = new ReadableStream(
        {
          type: "bytes",
          pull: (controller) => {
            this.#used = true;
            if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
            controller.close();
          },
          cancel: () => {
            this.#used = true;
          },
        },
        { highWaterMark: 0 },
      );
    }
    return this.#stream;
  }

  override get bodyUsed(): boolean {
    return this.#used;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#take().slice();
  }

  override async text(): Promise<string> {
    return utf8.decode(this.#take());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(utf8.decode(this.#take()));
  }

  override async blob(): Promise<Blob> {
    return new Blob([this.#take()], { type: this.headers.get("content-type") ?? "" });
  }

  override async formData(): Promise<FormData> {
    return new Response(this.#take(), { headers: this.headers }).formData();
  }

  override clone(): Response {
    if (this.#used || this.#stream?.locked) throw unusable();
    // The platform tees the body stream and keeps one branch; the bytes are in memory, so the clone
    // shares them instead. A stream already handed out is locked, as the tee would lock it, and the
    // next `body` is a fresh one.
    this.#stream?.getReader();
    this.#stream = undefined;
    return new BufferedResponse(this.#bytes, this.#init(), this.#url);
  }

  #init(): ResponseInit {
    return { status: this.status, statusText: this.statusText, headers: this.headers };
  }

  /** The bytes, once: as the platform, a second read (or a read of a taken stream) is refused. */
  #take(): Uint8Array<ArrayBuffer> {
    // no body reads as empty, as often as asked, and never counts as used
    if (this.#bytes === null) return EMPTY;
    if (this.#used || this.#stream?.locked) throw unusable();
    this.#used = true;
    // the stream was handed out but never read: this read locks it for good, as the platform's
    this.#stream?.getReader();
    return this.#bytes;
  }
}

// Decodes as the platform's `text()`: UTF-8, a leading BOM dropped, bad bytes replaced.
const utf8 = new TextDecoder();
const EMPTY = new Uint8Array(0) as Uint8Array<ArrayBuffer>;

function unusable(): TypeError {
  return new TypeError("Body is unusable: Body has already been read");
}
