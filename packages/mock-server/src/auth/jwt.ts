import { createHmac, timingSafeEqual } from "node:crypto";

/** The claims the mock puts in its tokens (as UTMStack's TokenProvider does). */
export interface TokenClaims {
  /** The user's login. */
  sub: string;
  /** Comma-joined authorities, e.g. `ROLE_USER,api.key.view`. */
  auth: string;
  authenticated?: boolean;
  /** Expiry, seconds since the epoch by the mock's clock. */
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: "HS512" })).toString("base64url");

/** Signs claims as an HS512 JWT. */
export function signJwt(claims: TokenClaims, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const signature = createHmac("sha512", secret).update(`${HEADER}.${payload}`).digest("base64url");
  return `${HEADER}.${payload}.${signature}`;
}

/** True when the text has the three-part shape of a JWT. */
export function looksLikeJwt(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text);
}

/** A token whose signature holds: its claims, and the authorities its `auth` claim lists. */
export interface VerifiedJwt {
  ok: true;
  claims: TokenClaims;
  authorities: ReadonlySet<string>;
}

// Tokens whose signature was already checked, per signing secret: a test suite reuses a handful of
// tokens thousands of times, and the HMAC is the costliest step of an authenticated request. Expiry
// is still checked on every use against the mock's clock, and the caller looks its user up each
// time. Only tokens the mock signed get in, and at most MAX_CACHED_TOKENS of them.
const verifiedTokens = new Map<string, { secret: Buffer; verified: VerifiedJwt }>();
const MAX_CACHED_TOKENS = 1000;

/**
 * Verifies signature and expiry. Returns the claims, or a reason (never the token) when refused.
 * @param nowMs the mock clock's time
 */
export function verifyJwt(
  token: string,
  secret: Buffer,
  nowMs: number,
): VerifiedJwt | { ok: false; reason: string } {
  const cached = verifiedTokens.get(token);
  if (cached && cached.secret === secret) {
    return nowMs >= cached.verified.claims.exp * 1000
      ? { ok: false, reason: "Expired JWT" }
      : cached.verified;
  }
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "Malformed JWT" };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha512", secret).update(`${header}.${payload}`).digest();
  const presented = Buffer.from(signature, "base64url");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return { ok: false, reason: "Invalid JWT signature" };
  }
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "Malformed JWT payload" };
  }
  if (typeof claims.exp !== "number" || typeof claims.sub !== "string" || typeof claims.auth !== "string") {
    return { ok: false, reason: "JWT lacks sub, auth or exp" };
  }
  const verified: VerifiedJwt = { ok: true, claims, authorities: new Set(claims.auth.split(",")) };
  if (verifiedTokens.size >= MAX_CACHED_TOKENS) verifiedTokens.clear();
  verifiedTokens.set(token, { secret, verified });
  if (nowMs >= claims.exp * 1000) return { ok: false, reason: "Expired JWT" };
  return verified;
}
