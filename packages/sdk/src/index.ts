// Public API of @keywarden/sdk. Everything exported here is documented at its definition.

export type {
  ApiKeyAuth,
  ApiKeyHeader,
  ApiKeySupplier,
  AuthOptions,
  CredentialsAuth,
  TokenAuth,
} from "./auth/auth-options.js";
export type { AuthResource, LoginResult } from "./auth/login.js";
export {
  createKeywardenClient,
  type KeywardenApiKeys,
  type KeywardenClient,
  USAGE_INDEX_PATTERN,
  type VerifyOptions,
} from "./client.js";
export type { KeywardenClientOptions } from "./client-options.js";
export {
  ApiError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
} from "./errors/http-errors.js";
export { KeywardenError, type KeywardenErrorDetails } from "./errors/keywarden-error.js";
export {
  ConnectionError,
  RedirectError,
  TimeoutError,
  UnexpectedResponseError,
} from "./errors/transport-errors.js";
export { type FieldIssue, KeywardenValidationError } from "./errors/validation-error.js";

export { type FilterBuilder, f, filtersFor } from "./filters/builder.js";
export {
  type Filter,
  type NonEmpty,
  OPERATORS,
  type Operator,
  type RangeBound,
  type Scalar,
} from "./filters/operators.js";
export type { components, operations, paths } from "./generated/keywarden.js";
export type { PageLinks } from "./pagination/link-header.js";
export type { Page } from "./pagination/page.js";
export { PageIterator } from "./pagination/page-iterator.js";
export type { ApiKeysResource, ListApiKeys } from "./resources/api-keys.js";
export type { RequestOptions } from "./resources/call-options.js";
export type { ApiKeySort, ApiKeySortField, ListApiKeysParams } from "./resources/list-params.js";
export type {
  ApiKey,
  ApiKeyStatus,
  ApiKeyUsageLog,
  AuthorizationGroup,
  ExpiryState,
  SearchDocument,
} from "./resources/models.js";
export { DEFAULT_TOP, type SearchFunction, type SearchParams } from "./resources/search.js";

export type { RequestEvent, ResponseEvent } from "./transport/hooks.js";
export type { RetryOptions } from "./transport/retry-policy.js";
export type { ApiKeyInput } from "./validation/api-key-input.js";
