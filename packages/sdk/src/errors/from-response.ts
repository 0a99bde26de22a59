import { parseRetryAfter } from "../transport/retry-after.js";
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
} from "./http-errors.js";
import type { KeywardenErrorDetails } from "./keywarden-error.js";

/** What the SDK knows about the request whose response was an error. */
export interface FailedRequest {
  method: string;
  url: string;
  /** True when the request carried an API key (UTMStack v11 refuses a bad key with a bare 500). */
  sentApiKey?: boolean | undefined;
  /** Secrets to redact from the error. */
  secrets?: Iterable<string> | undefined;
}

/** Reads the reason UTMStack gives: the `X-UtmStack-error` header first, then the Spring/Problem body. */
export function reasonOf(headers: Headers, body: unknown): string | undefined {
  const header = headers.get("x-utmstack-error");
  if (header) return header;
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    for (const key of ["detail", "message", "title", "error"] as const) {
      const v = b[key];
      // JHipster's `message` is a translation key such as "error.http.500": not a reason a human can use.
      if (typeof v === "string" && v !== "" && !/^error\.[\w.]+$/.test(v)) return v;
    }
  }
  if (typeof body === "string" && body.trim() !== "" && body.length <= 500) return body.trim();
  return undefined;
}

const isBootErrorBody = (body: unknown): boolean =>
  !!body && typeof body === "object" && "timestamp" in body && "path" in body && "error" in body;

/**
 * Maps an HTTP error response to the matching error class. Pure apart from the already-read body:
 * `classifyError(status, headers, body, request)`.
 */
export function classifyError(
  status: number,
  headers: Headers,
  body: unknown,
  request: FailedRequest,
): ApiError {
  const reason = reasonOf(headers, body);
  const path = safePath(request.url);
  const message = `${request.method} ${path} failed with ${status}${reason ? `: ${reason}` : ""}`;
  const details: KeywardenErrorDetails = {
    status,
    method: request.method,
    url: request.url,
    reason,
    body,
    headers,
    secrets: request.secrets,
  };
  switch (status) {
    case 400:
      return new ValidationError(message, details);
    case 401:
    case 412: // UTMStack: wrong two-factor code
    case 423: // UTMStack: too many failed logins from this address
      return new AuthenticationError(message, details);
    case 403:
      return new PermissionError(message, details);
    case 404:
      return new NotFoundError(message, details);
    case 409:
      return new ConflictError(message, details);
    case 429:
      return new RateLimitError(message, {
        ...details,
        retryAfterMs: parseRetryAfter(headers.get("retry-after")),
      });
  }
  if (status === 500 && reason && /api key not found$/i.test(reason))
    return new NotFoundError(message, details);
  // UTMStack v11's API-key filter throws outside Spring's error handling: a refused key is a bare 500 with
  // Boot's error body and no X-UtmStack-error header.
  if (status === 500 && request.sentApiKey && !headers.get("x-utmstack-error") && isBootErrorBody(body)) {
    return new AuthenticationError(`${message} (the API key was refused)`, details);
  }
  if (status >= 500) return new ServerError(message, details);
  return new ApiError(message, details);
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
