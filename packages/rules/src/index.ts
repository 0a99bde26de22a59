export { type BackoffBounds, backoffDelay } from "./backoff.js";
export { parseDuration } from "./duration.js";
export * from "./generated/spec-rules.js";
export {
  redactCredentialShapes,
  redactKnownSecrets,
  redactSecretQuery,
  redactUrlUserinfo,
  SECRET_QUERY_PARAMETERS,
} from "./redact.js";
export {
  decideRedirect,
  describeUrl,
  isRedirectStatus,
  MAX_REDIRECTS,
  type RedirectDecision,
} from "./redirects.js";
