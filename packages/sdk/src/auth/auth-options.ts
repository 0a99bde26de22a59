/** Where an API key travels. UTMStack's docs use `authorization` (Bearer), its v11 backend `utm-api-key`. */
export type ApiKeyHeader = "authorization" | "utm-api-key" | "x-api-key";

/** Supplies the API key for a request; `refused` is set after the server answered 401 to that key. */
export type ApiKeySupplier = (context: { readonly refused?: string }) => string | Promise<string>;

/** Authenticate every request with an API key. */
export interface ApiKeyAuth {
  /**
   * The key's secret (43 characters of base64url on UTMStack), or a function that supplies it from
   * where it is kept (e.g. a secret store that something else rotates). The function is called
   * before every request, so keep it cheap (cache the key in it); when the server refuses the key
   * with a 401, it is called once more with `{ refused: <that key> }`, the moment to read the store
   * again, and the request is repeated if it returns another key.
   */
  apiKey: string | ApiKeySupplier;
  /** The header that carries it (default `"authorization"`, i.e. `Authorization: Bearer <key>`). */
  header?: ApiKeyHeader;
}

/** Log in with a username and password; the JWT is cached, shared by concurrent calls and renewed on a 401. */
export interface CredentialsAuth {
  username: string;
  password: string;
  /** Send `X-Bypass-TFA: true` on login, so UTMStack v11 issues a full token without a second factor. */
  bypassTfa?: boolean;
  /**
   * Supplies the two-factor code when the server asks for one (UTMStack v11 without `bypassTfa`).
   * Without it, a login that needs a second factor fails with an `AuthenticationError`.
   */
  tfaCode?: () => string | Promise<string>;
}

/** Use a JWT the caller already holds (it is not renewed: a 401 is thrown as `AuthenticationError`). */
export interface TokenAuth {
  token: string;
}

/** How the client authenticates. Omit it for anonymous calls (only login is anonymous on UTMStack). */
export type AuthOptions = ApiKeyAuth | CredentialsAuth | TokenAuth;
