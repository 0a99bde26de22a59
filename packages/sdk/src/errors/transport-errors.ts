import { KeywardenError } from "./keywarden-error.js";

/** The request took longer than `timeoutMs` (per client or per call) and was aborted. */
export class TimeoutError extends KeywardenError {}

/** No response arrived: DNS failure, refused or reset connection, TLS failure, a network error. */
export class ConnectionError extends KeywardenError {}

/** The server answered 2xx with a body the SDK cannot read as the documented shape. */
export class UnexpectedResponseError extends KeywardenError {}
