import type { ApiKeyHeader, ApiKeySupplier, AuthOptions } from "./auth-options.js";

/** Puts credentials on requests. The transport asks it for headers before every attempt. */
export interface AuthProvider {
  /** Which kind of credential this is. */
  readonly kind: "none" | "api-key" | "token" | "session";
  /** Whether `renew` can obtain fresh credentials after a 401 (a session, or an API key read by a function). */
  readonly renewable: boolean;
  /** The headers to add to a request (may log in first). */
  headers(): Promise<Record<string, string>>;
  /**
   * Called after a 401 with the headers that were refused. Returns true when fresh credentials were
   * obtained and the request is worth repeating (only a session can do that).
   */
  renew(refused: Record<string, string>): Promise<boolean>;
  /** The secrets this provider holds right now, for redaction. */
  secrets(): string[];
}

/** The header for an API key, as UTMStack's variants expect it. */
export function apiKeyHeaders(
  apiKey: string,
  header: ApiKeyHeader = "authorization",
): Record<string, string> {
  switch (header) {
    case "authorization":
      return { authorization: `Bearer ${apiKey}` };
    case "utm-api-key":
      return { "utm-api-key": apiKey };
    case "x-api-key":
      return { "x-api-key": apiKey };
  }
}

/** Anonymous calls. */
export const noAuth: AuthProvider = {
  kind: "none",
  renewable: false,
  headers: async () => ({}),
  renew: async () => false,
  secrets: () => [],
};

/** A fixed credential (API key or caller-held JWT) that cannot be renewed. */
export function staticAuth(
  kind: "api-key" | "token",
  headers: Record<string, string>,
  secret: string,
): AuthProvider {
  return {
    kind,
    renewable: false,
    headers: async () => ({ ...headers }),
    renew: async () => false,
    secrets: () => [secret],
  };
}

/**
 * An API key from a supplier function: asked before every request, and once more after a 401 with
 * the refused key (see `ApiKeyAuth.apiKey`).
 */
export function suppliedApiKeyAuth(supply: ApiKeySupplier, header?: ApiKeyHeader): AuthProvider {
  let last: string | undefined;
  const ask = async (context: { refused?: string }): Promise<string> => {
    const key = await supply(context);
    if (typeof key !== "string" || key === "")
      throw new TypeError("auth.apiKey() must return a non-empty string");
    last = key;
    return key;
  };
  // The key a refused request carried, read back from its headers (concurrent calls may differ).
  const keyIn = (headers: Record<string, string>): string | undefined => {
    const name = header ?? "authorization";
    const value = headers[name];
    return name === "authorization" ? value?.replace(/^Bearer /, "") : value;
  };
  return {
    kind: "api-key",
    renewable: true,
    headers: async () => apiKeyHeaders(await ask({}), header),
    async renew(refused) {
      const refusedKey = keyIn(refused);
      const fresh = await ask(refusedKey === undefined ? {} : { refused: refusedKey });
      return fresh !== refusedKey;
    },
    secrets: () => (last === undefined ? [] : [last]),
  };
}

/** Checks the auth option's shape at client creation, so a typo fails early with a clear message. */
export function describeAuthProblem(auth: AuthOptions | undefined): string | undefined {
  if (auth === undefined) return undefined;
  if (typeof auth !== "object" || auth === null)
    return "auth must be an object: { apiKey } | { username, password } | { token }";
  if ("apiKey" in auth) {
    if (typeof auth.apiKey !== "function" && (typeof auth.apiKey !== "string" || auth.apiKey === ""))
      return "auth.apiKey must be a non-empty string, or a function returning one";
    if (auth.header !== undefined && !["authorization", "utm-api-key", "x-api-key"].includes(auth.header)) {
      return `auth.header must be "authorization", "utm-api-key" or "x-api-key", got ${JSON.stringify(auth.header)}`;
    }
    return undefined;
  }
  if ("token" in auth)
    return typeof auth.token === "string" && auth.token !== ""
      ? undefined
      : "auth.token must be a non-empty string";
  if ("username" in auth) {
    if (typeof auth.username !== "string" || auth.username === "")
      return "auth.username must be a non-empty string";
    if (typeof auth.password !== "string" || auth.password === "")
      return "auth.password must be a non-empty string";
    return undefined;
  }
  return "auth must be one of { apiKey, header? }, { username, password, bypassTfa? } or { token }";
}
