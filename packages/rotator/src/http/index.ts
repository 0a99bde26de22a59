/**
 * The one HTTP stack behind everything the rotator sends (key service, verification probes, Vault):
 * undici connection pools with connect timeouts and per-origin TLS (`stack.ts`), a fetch whose every
 * request has a deadline (`fetch.ts`, `deadline.ts`, `exchange.ts`), and the redirect rules
 * (`redirects.ts`).
 */
export { describeUrl, HttpDeadlineError, HttpRedirectError, HttpStackError } from "./errors.js";
export type { HttpFetch } from "./fetch.js";
export { MAX_REDIRECTS } from "./redirects.js";
export { createHttpStack, DEFAULT_DEADLINES, type HttpStack, type HttpStackOptions } from "./stack.js";
export { readTlsSettings, type TlsSettings, type TlsSources } from "./tls.js";
