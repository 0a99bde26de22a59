import { STATUS_CODES } from "node:http";

/**
 * A service's answer before either front end writes it. `body` is the exact text on the wire (`""`
 * for none); header names are written as given, so a front end adds nothing but transport headers
 * (`content-length`, `date`, `connection`).
 */
export interface MockReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** An injected fault that drops the connection instead of answering. */
export const NETWORK_ERROR = Object.freeze({ networkError: true as const });

/** What a service gives back for a request it owns. */
export type MockAnswer = MockReply | typeof NETWORK_ERROR;

/** Whether an answer is the injected network failure. */
export function isNetworkError(answer: MockAnswer): answer is typeof NETWORK_ERROR {
  return "networkError" in answer;
}

/** The reason phrase both front ends send with a status (`Not Found`), as Node writes it. */
export function statusText(status: number): string {
  return STATUS_CODES[status] ?? "";
}
