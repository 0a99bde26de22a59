import type { HeaderBag } from "../exchange/request.js";
import type { Profile } from "../http/profiles/profile.js";
import { looksLikeJwt } from "./jwt.js";

/** What a request presents as its credential. */
export type Credential =
  | { kind: "none" }
  | { kind: "jwt"; token: string }
  | { kind: "api-key"; secret: string };

/**
 * Finds the request's credential the way the profile reads it. A dedicated API-key header wins over
 * a JWT (UTMStack's ApiKeyFilter runs after the JWT filter and replaces its principal). `Bearer`
 * carries a JWT, or (documented profile) an API key when the value is not JWT-shaped. A JWT may also
 * come as the `access_token` query parameter.
 */
export function readCredential(headers: HeaderBag, url: URL, profile: Profile): Credential {
  const headerKey = profile.apiKeyFromHeaders(headers);
  if (headerKey) return { kind: "api-key", secret: headerKey };
  const authorization = headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) {
    if (profile.bearerMayCarryApiKey && !looksLikeJwt(bearer)) return { kind: "api-key", secret: bearer };
    return { kind: "jwt", token: bearer };
  }
  const queryToken = url.searchParams.get("access_token");
  if (queryToken) return { kind: "jwt", token: queryToken };
  return { kind: "none" };
}
