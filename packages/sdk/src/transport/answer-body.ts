/**
 * What the transport does with an answer's body: reads it whole while the attempt's deadline still
 * runs (a body that stalls after the headers must end the attempt too), or lets it go unread.
 */

import { PlainResponse } from "./plain-response.js";

/** Statuses the `Response` constructor accepts (others come back as they are). */
const CONSTRUCTIBLE = { min: 200, max: 599 };

/**
 * The answer with its body read into memory, as a `Response` that behaves as the original (status,
 * headers, `url`). The SDK reads every body whole anyway (JSON); reading it here puts it under the
 * deadline. For a call no middleware sees (`plain`), a {@link PlainResponse} over the text; else a
 * native `Response` over the bytes.
 */
export async function readWhole(response: Response, url: string, plain: boolean): Promise<Response> {
  const { status } = response;
  if (response.body === null || status < CONSTRUCTIBLE.min || status > CONSTRUCTIBLE.max) return response;
  if (plain) return new PlainResponse(await response.text(), response, url);
  const body = await response.arrayBuffer();
  const whole = new Response(body, { status, statusText: response.statusText, headers: response.headers });
  // A constructed Response has no URL; errors name the one the answer came from.
  Object.defineProperty(whole, "url", { value: response.url || url });
  return whole;
}

/**
 * Releases the body of a response that will not be read, so the connection can be reused. Not awaited:
 * some fetch implementations (MSW's interceptor among them) settle the cancel only when the body ends.
 */
export function discard(response: Response | undefined): void {
  // A plain response was read whole: nothing is left to release.
  if (response instanceof PlainResponse) return;
  response?.body?.cancel().catch(() => undefined);
}
