import { SCHEMA_CONSTRAINTS } from "@keywarden/rules";
import * as v from "valibot";
import { AuthenticationError } from "../errors/http-errors.js";
import type { RequestOptions } from "../resources/call-options.js";
import { dataOrThrow, type ResourceContext, sentBy } from "../resources/context.js";
import { inputObject } from "../validation/input-object.js";
import { validateInput } from "../validation/issues.js";
import type { CredentialsAuth } from "./auth-options.js";
import { readLoginResponse } from "./login-response.js";

const { username: USERNAME, password: PASSWORD } = SCHEMA_CONSTRAINTS.LoginRequest;
const PASSWORD_LENGTH = `password must be ${PASSWORD.minLength}–${PASSWORD.maxLength} characters`;

const loginSchema = inputObject({
  username: v.pipe(
    v.string("username is required"),
    v.minLength(USERNAME.minLength, "username is required"),
    v.maxLength(USERNAME.maxLength, `username must be at most ${USERNAME.maxLength} characters`),
  ),
  password: v.pipe(
    v.string("password is required"),
    v.minLength(PASSWORD.minLength, PASSWORD_LENGTH),
    v.maxLength(PASSWORD.maxLength, PASSWORD_LENGTH),
  ),
});

/** What a login returned. */
export interface LoginResult {
  /** The JWT to send as `Authorization: Bearer <token>`. */
  token: string;
  /** True when the token only allows the second-factor step (call `verifyTfaCode`). */
  needsSecondFactor: boolean;
}

// Without the client's own credentials, and never repeated: each failed try counts toward UTMStack's
// lock-out of the address (423).
const ANONYMOUS_ONCE = { anonymous: true, idempotent: false };

/** Login and the second-factor step, reachable directly (the client also uses them for credential auth). */
export interface AuthResource {
  /** `POST /api/authenticate`: exchanges a username and password for a JWT. Understands both response shapes. */
  login(credentials: Omit<CredentialsAuth, "tfaCode">, options?: RequestOptions): Promise<LoginResult>;
  /** `POST /api/tfa/verify-code`: trades the pre-verification token and the code for a full JWT. */
  verifyTfaCode(code: string, preVerificationToken: string, options?: RequestOptions): Promise<string>;
}

/** Builds the auth resource. Its calls never carry the client's own credentials. */
export function authResource(ctx: ResourceContext): AuthResource {
  return {
    async login(credentials, options) {
      const body = validateInput("login", loginSchema, {
        username: credentials.username,
        password: credentials.password,
      });
      const path = "/api/authenticate";
      const result = await ctx.raw.POST(path, {
        body,
        params: { header: credentials.bypassTfa ? { "X-Bypass-TFA": "true" } : undefined },
        ...sentBy(ctx, ANONYMOUS_ONCE, options),
      });
      const outcome = readLoginResponse(dataOrThrow(ctx, "POST", path, result));
      if (outcome.token === undefined) {
        throw new AuthenticationError(`POST ${path} answered ${result.response.status} without a token`, {
          status: result.response.status,
          method: "POST",
          url: result.response.url,
          headers: result.response.headers,
          secrets: [credentials.password],
        });
      }
      return { token: outcome.token, needsSecondFactor: outcome.needsSecondFactor };
    },

    async verifyTfaCode(code, preVerificationToken, options) {
      const path = "/api/tfa/verify-code";
      const result = await ctx.raw.POST(path, {
        body: code,
        bodySerializer: (raw: string) => raw,
        headers: { "content-type": "text/plain", authorization: `Bearer ${preVerificationToken}` },
        ...sentBy(ctx, ANONYMOUS_ONCE, options),
      });
      const outcome = readLoginResponse(dataOrThrow(ctx, "POST", path, result));
      if (outcome.token === undefined) {
        throw new AuthenticationError(`POST ${path} answered without a token`, {
          status: result.response.status,
          method: "POST",
          url: result.response.url,
          headers: result.response.headers,
        });
      }
      return outcome.token;
    },
  };
}

/**
 * The login a credential session performs: log in, and complete the second factor when the server asks
 * for it and the caller gave a way to get the code.
 */
export function credentialLogin(auth: AuthResource, credentials: CredentialsAuth): () => Promise<string> {
  return async () => {
    const first = await auth.login(credentials);
    if (!first.needsSecondFactor) return first.token;
    if (!credentials.tfaCode) {
      throw new AuthenticationError(
        "Login needs a second factor: pass `bypassTfa: true` (UTMStack v11 honours X-Bypass-TFA) or a `tfaCode` callback",
        { method: "POST", reason: "second factor required", secrets: [credentials.password, first.token] },
      );
    }
    return auth.verifyTfaCode(await credentials.tfaCode(), first.token);
  };
}
