/**
 * The HTTP stack behind the Vault client, shared with callers who send other credentials too (the
 * rotator uses it for the key service, its verification probes and Vault):
 * undici connection pools with connect timeouts and per-origin TLS (`stack.ts`), a fetch whose every
 * request has a deadline (`fetch.ts`, `deadline.ts`, `exchange.ts`), and the redirect rules
 * (`redirects.ts`).
 */
export { describeUrl, MAX_REDIRECTS } from "@keywarden/rules";
export { HttpDeadlineError, HttpRedirectError, HttpStackError } from "./errors.js";
export type { HttpFetch } from "./fetch.js";
export { createHttpStack, DEFAULT_DEADLINES, type HttpStack, type HttpStackOptions } from "./stack.js";
export { readTlsSettings, type TlsSettings, type TlsSources } from "./tls.js";
