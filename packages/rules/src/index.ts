export { type BackoffBounds, backoffDelay } from "./backoff.js";
export { parseDuration } from "./duration.js";
export * from "./generated/spec-rules.js";
export { redactSecretQuery, redactUrlUserinfo, SECRET_QUERY_PARAMETERS } from "./redact.js";
