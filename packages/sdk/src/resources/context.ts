import type { Client } from "openapi-fetch";
import * as v from "valibot";
import type { AuthProvider } from "../auth/auth-provider.js";
import { classifyError } from "../errors/from-response.js";
import type { KeywardenError } from "../errors/keywarden-error.js";
import { UnexpectedResponseError } from "../errors/transport-errors.js";
import type { paths } from "../generated/keywarden.js";
import { PlainRequest } from "../transport/plain-request.js";
import type { CallOptions, FetchLike, Transport } from "../transport/transport.js";
import { formatPath } from "../validation/issues.js";
import type { RequestOptions } from "./call-options.js";

/** What the resource methods share: the openapi-fetch client, the transport and the client's settings. */
export interface ResourceContext {
  /** The openapi-fetch client (`kw.raw`): every call goes through it, and through its middleware. */
  raw: Client<paths>;
  transport: Transport;
  auth: AuthProvider;
  baseUrl: string;
  /** The clock used for client-side checks (future expiry). */
  now: () => Date;
  /** False skips client-side input validation (the server still validates). */
  validate: boolean;
  /** True while any openapi-fetch middleware is registered (they are promised native `Request`s). */
  hasMiddleware: () => boolean;
}

/** The per-call options of openapi-fetch that send one call through the SDK's pipeline. */
export interface SentBy {
  /** The caller's signal, carried by the `Request` openapi-fetch builds. */
  signal: AbortSignal | undefined;
  /** The transport with this call's retry rule and timeout. */
  fetch: FetchLike;
  /** What openapi-fetch builds the call's `Request` with: a plain one when only the transport reads it. */
  Request: typeof Request | undefined;
}

/**
 * What a resource method adds to its openapi-fetch call: the caller's signal, and a `fetch` that knows
 * whether the call may be repeated and how long an attempt may take.
 *
 * @example
 * ctx.raw.GET("/api/api-keys/{id}", { params: { path: { id } }, ...sentBy(ctx, { idempotent: true }, options) })
 */
export function sentBy(
  ctx: ResourceContext,
  call: Omit<CallOptions, "timeoutMs">,
  options: RequestOptions | undefined,
): SentBy {
  return {
    signal: options?.signal,
    fetch: ctx.transport.forCall({ ...call, timeoutMs: options?.timeoutMs }),
    // undefined: openapi-fetch's own default, the native `Request`.
    Request: ctx.hasMiddleware() ? undefined : (PlainRequest as unknown as typeof Request),
  };
}

/** The shape of an openapi-fetch result. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Turns an openapi-fetch error result into the matching Keywarden error. */
export function toError(
  ctx: ResourceContext,
  method: string,
  path: string,
  result: FetchResult,
): KeywardenError {
  const body = result.error === "" ? undefined : result.error;
  return classifyError(result.response.status, result.response.headers, body, {
    method,
    url: result.response.url || `${ctx.baseUrl}${path}`,
    sentApiKey: ctx.auth.kind === "api-key",
    secrets: ctx.auth.secrets(),
  });
}

/** Returns the data of a successful result, or throws the matching Keywarden error. */
export function dataOrThrow(
  ctx: ResourceContext,
  method: string,
  path: string,
  result: FetchResult,
): unknown {
  if (!result.response.ok) throw toError(ctx, method, path, result);
  return result.data;
}

/** Parses a success body tolerantly; a body that lacks what the SDK relies on is an `UnexpectedResponseError`. */
export function parseOutput<S extends v.GenericSchema>(
  schema: S,
  data: unknown,
  method: string,
  path: string,
  response: Response,
): v.InferOutput<S> {
  const result = v.safeParse(schema, data);
  if (result.success) return result.output;
  const first = result.issues[0];
  const where = first ? `${formatPath(first.path) || "body"}: ${first.message}` : "unreadable body";
  throw new UnexpectedResponseError(`${method} ${path} returned an unexpected body (${where})`, {
    status: response.status,
    method,
    url: response.url,
    headers: response.headers,
  });
}
