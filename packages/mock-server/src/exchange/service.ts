import type { MockAnswer } from "./reply.js";
import type { MockRequest } from "./request.js";

/**
 * What a front end serves: the key-service mock, or the Vault emulation on its own. Both front ends
 * (msw's handler and the node:http server) ask the same two questions, so they answer alike.
 */
export interface MockService {
  /**
   * The largest body, in bytes, this service reads for a request (the node server stops reading
   * there and marks the request oversized; the service answers it).
   */
  bodyLimit(method: string, url: URL): number;
  /**
   * True when the service will answer this request whatever it carries, so its body may be consumed
   * (the msw front end then reads it without a copy kept for the handlers after it).
   */
  claims(method: string, url: URL): boolean;
  /**
   * The answer, or undefined when the service does not own the request (another handler, or the
   * server's 404, takes it). A promise only when an injected fault delays the answer.
   */
  answer(request: MockRequest): MockAnswer | undefined | Promise<MockAnswer | undefined>;
}
