import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { ApiKeyHeader } from "./auth/auth-options.js";
import {
  type AuthProvider,
  apiKeyHeaders,
  describeAuthProblem,
  noAuth,
  staticAuth,
  suppliedApiKeyAuth,
} from "./auth/auth-provider.js";
import { type AuthResource, authResource, credentialLogin } from "./auth/login.js";
import { sessionAuth } from "./auth/session-auth.js";
import type { KeywardenClientOptions } from "./client-options.js";
import { AuthenticationError, PermissionError } from "./errors/http-errors.js";
import { KeywardenValidationError } from "./errors/validation-error.js";
import type { paths } from "./generated/keywarden.js";
import { type ApiKeysResource, apiKeysResource } from "./resources/api-keys.js";
import type { RequestOptions } from "./resources/call-options.js";
import type { ResourceContext } from "./resources/context.js";
import type { ApiKeyUsageLog, SearchDocument } from "./resources/models.js";
import { type SearchFunction, searchResource } from "./resources/search.js";
import { resolveRetryOptions } from "./transport/retry-policy.js";
import { createTransport, type Transport } from "./transport/transport.js";
import { SDK_VERSION } from "./version.js";

/** The index UTMStack writes API-key usage to. */
export const USAGE_INDEX_PATTERN = "v11-api-access-logs-*";

/** Options of {@link KeywardenClient.apiKeys.verify}. */
export interface VerifyOptions extends RequestOptions {
  /** The header to present the key in (default: the client's API-key header, else `authorization`). */
  header?: ApiKeyHeader;
}

/** The API-key operations, plus usage search and a check that a secret authenticates. */
export interface KeywardenApiKeys extends ApiKeysResource {
  /** Searches the API-key usage log (`POST /api/api-keys/usage`); `indexPattern` defaults to UTMStack's. */
  usage: SearchFunction<ApiKeyUsageLog, true>;
  /**
   * True when `secret` authenticates against the API (it lists one key with it; a 403 also counts, the
   * key authenticated), false when the server refuses it (401, or UTMStack v11's bare 500). Other
   * failures (network, 5xx) are thrown: they say nothing about the key.
   */
  verify(secret: string, options?: VerifyOptions): Promise<boolean>;
}

/** A Keywarden client: typed methods over the UTMStack API, and the raw openapi-fetch client. */
export interface KeywardenClient {
  /** Create, generate, read, list, update, revoke, delete API keys; search their usage. */
  apiKeys: KeywardenApiKeys;
  /** Searches an index (`POST /api/elasticsearch/search`): one page, or `.all()` for every hit. */
  search: SearchFunction<SearchDocument>;
  /** Login and two-factor calls (the client logs in by itself when given credentials). */
  auth: AuthResource;
  /**
   * The openapi-fetch client behind the methods, typed from the spec, with the SDK's credentials, retries,
   * timeouts and hooks. It returns `{ data, error, response }` and never throws on HTTP errors.
   */
  raw: Client<paths>;
}

/**
 * Creates a client.
 *
 * @param options where the server is, how to authenticate, and transport settings
 * @returns the client; creating it sends nothing
 * @example
 * ```ts
 * const kw = createKeywardenClient({ baseUrl: "http://127.0.0.1:4010", auth: { username: "admin", password: "admin" } });
 * const key = await kw.apiKeys.create({ name: "billing", allowedIp: ["10.0.0.0/8"] });
 * const secret = await kw.apiKeys.generate(key.id);
 * ```
 */
export function createKeywardenClient(options: KeywardenClientOptions): KeywardenClient {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const problem = describeAuthProblem(options.auth);
  if (problem) throw new TypeError(`createKeywardenClient: ${problem}`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new TypeError(
      `createKeywardenClient: timeoutMs must be a non-negative number, got ${String(options.timeoutMs)}`,
    );
  }

  // The session's login goes through this same client (anonymously), so the provider is set after creation.
  let auth: AuthProvider = noAuth;
  const authProxy: AuthProvider = {
    get kind() {
      return auth.kind;
    },
    get renewable() {
      return auth.renewable;
    },
    headers: () => auth.headers(),
    renew: (refused) => auth.renew(refused),
    secrets: () => auth.secrets(),
  };
  const transport: Transport = createTransport({
    fetch: options.fetch,
    retry: resolveRetryOptions(options.retry),
    timeoutMs: timeoutMs === 0 ? undefined : timeoutMs,
    auth: authProxy,
    onRequest: options.onRequest,
    onResponse: options.onResponse,
  });
  // Every call, the resources' and `kw.raw`'s alike, goes through this one openapi-fetch client: its
  // middleware, then the transport as its `fetch` (resources pass a per-call `fetch` with their own rules).
  const client = createClient<paths>({
    baseUrl,
    fetch: transport.forCall({}),
    headers: { ...options.headers, "user-agent": options.userAgent ?? `keywarden-sdk/${SDK_VERSION}` },
  });
  // The middleware registered, counted as openapi-fetch keeps them (`eject` removes one of each), so
  // the resources know when a call's `Request` will be seen by middleware and must be a native one.
  const middleware: Middleware[] = [];
  const raw: Client<paths> = {
    ...client,
    use(...added) {
      for (const m of added) {
        client.use(m);
        if (m) middleware.push(m);
      }
    },
    eject(...removed) {
      client.eject(...removed);
      for (const m of removed) {
        const at = middleware.indexOf(m);
        if (at !== -1) middleware.splice(at, 1);
      }
    },
  };
  if (options.middleware?.length) raw.use(...options.middleware);

  const ctx: ResourceContext = {
    raw,
    transport,
    auth: authProxy,
    baseUrl,
    now: options.now ?? (() => new Date()),
    validate: options.validateInput ?? true,
    hasMiddleware: () => middleware.length > 0,
  };
  const authCalls = authResource(ctx);
  auth = providerFor(options, authCalls);

  const keys = apiKeysResource(ctx);
  const apiKeys: KeywardenApiKeys = {
    ...keys,
    usage: searchResource<ApiKeyUsageLog, true>(
      ctx,
      "/api/api-keys/usage",
      "apiKeys.usage",
      USAGE_INDEX_PATTERN,
    ),
    async verify(secret, verifyOptions) {
      if (typeof secret !== "string" || secret === "") {
        throw new KeywardenValidationError("apiKeys.verify", [
          { field: "secret", message: "secret must be a non-empty string" },
        ]);
      }
      const ownHeader = options.auth && "apiKey" in options.auth ? options.auth.header : undefined;
      const probe = createKeywardenClient({
        ...options,
        auth: { apiKey: secret, header: verifyOptions?.header ?? ownHeader ?? "authorization" },
      });
      try {
        await probe.apiKeys.list.page({ size: 1 }, verifyOptions);
        return true;
      } catch (error) {
        // 403: the key authenticated, its owner may just not list keys.
        if (error instanceof PermissionError) return true;
        if (error instanceof AuthenticationError) return false;
        throw error;
      }
    },
  };

  return {
    apiKeys,
    search: searchResource<SearchDocument, false>(ctx, "/api/elasticsearch/search", "search"),
    auth: authCalls,
    raw,
  };
}

function providerFor(options: KeywardenClientOptions, calls: AuthResource): AuthProvider {
  const a = options.auth;
  if (a === undefined) return noAuth;
  if ("apiKey" in a) {
    return typeof a.apiKey === "function"
      ? suppliedApiKeyAuth(a.apiKey, a.header)
      : staticAuth("api-key", apiKeyHeaders(a.apiKey, a.header), a.apiKey);
  }
  if ("token" in a) return staticAuth("token", { authorization: `Bearer ${a.token}` }, a.token);
  return sessionAuth(credentialLogin(calls, a), a.password);
}

function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== "string" || baseUrl === "") {
    throw new TypeError('createKeywardenClient: baseUrl is required, e.g. "https://utm.example.com"');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `createKeywardenClient: baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`createKeywardenClient: baseUrl must use http or https, got ${url.protocol}`);
  }
  // A `Request` refuses such a URL on every call; say so once, before anything is sent.
  if (url.username !== "" || url.password !== "") {
    throw new TypeError("createKeywardenClient: baseUrl must not carry a user or password; use auth");
  }
  return baseUrl.replace(/\/+$/, "");
}
