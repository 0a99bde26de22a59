import { SCHEMA_CONSTRAINTS } from "@keywarden/rules";
import { signJwt, verifyJwt } from "../../auth/jwt.js";
import type { MockReply } from "../../exchange/reply.js";
import type { UserRecord } from "../../keys/model.js";
import { BadRequestError } from "../errors.js";
import { readJsonBody } from "../request-body.js";
import { headerError, json, springError } from "../responses.js";
import type { KeyServiceRoute, RouteInput, ServiceContext } from "../route.js";
import type { RouteEntry } from "../router.js";

const DAY_S = 86_400;
const PRE_VERIFICATION_S = 300;
const TFA_TOKEN_S = 30 * DAY_S;
const PRE_VERIFICATION_ROLE = "ROLE_PRE_VERIFICATION_USER";
const { username: USERNAME, password: PASSWORD } = SCHEMA_CONSTRAINTS.LoginRequest;

function readLogin(body: unknown): { username: string; password: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BadRequestError("body must be a JSON object {username, password}");
  }
  const { username, password } = body as Record<string, unknown>;
  if (
    typeof username !== "string" ||
    username.length < USERNAME.minLength ||
    username.length > USERNAME.maxLength
  ) {
    throw new BadRequestError(
      `username: must be a string of ${USERNAME.minLength}-${USERNAME.maxLength} characters`,
      `Validation failed for argument [0]: username size must be between ${USERNAME.minLength} and ${USERNAME.maxLength}`,
    );
  }
  if (
    typeof password !== "string" ||
    password.length < PASSWORD.minLength ||
    password.length > PASSWORD.maxLength
  ) {
    throw new BadRequestError(
      `password: must be a string of ${PASSWORD.minLength}-${PASSWORD.maxLength} characters`,
      `Validation failed for argument [0]: password size must be between ${PASSWORD.minLength} and ${PASSWORD.maxLength}`,
    );
  }
  return { username, password };
}

function tokenFor(
  context: ServiceContext,
  user: UserRecord,
  now: number,
  lifetimeS: number,
  auth?: string,
): string {
  return signJwt(
    {
      sub: user.login,
      auth: auth ?? [...user.authorities].join(","),
      authenticated: auth === undefined,
      exp: Math.floor(now / 1000) + lifetimeS,
    },
    context.store.jwtSecret,
  );
}

function login(context: ServiceContext, input: RouteInput): MockReply {
  const { store, profile } = context;
  const { address, now } = input;
  if (store.loginAttempts.isBlocked(address, now)) {
    return headerError(423, `Authentication blocked: IP ${address} exceeded login attempt threshold`);
  }
  let credentials: { username: string; password: string };
  try {
    credentials = readLogin(readJsonBody(input));
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    return profile.extensions ? headerError(400, error.reason) : headerError(500, error.springMessage);
  }
  const user = store.users.verify(credentials.username, credentials.password);
  if (!user) {
    store.loginAttempts.recordFailure(address, now);
    return headerError(401, "Bad credentials");
  }
  if (!user.activated) {
    // documented: a disabled account looks like bad credentials; v11's DisabledException is a 500
    return profile.extensions
      ? headerError(401, "Bad credentials")
      : headerError(500, `User ${user.login} was not activated`);
  }
  store.loginAttempts.recordSuccess(address);

  if (profile.extensions) return json({ authenticated: true, id_token: tokenFor(context, user, now, DAY_S) });

  const bypass = input.request.headers.get("x-bypass-tfa")?.trim().toLowerCase() === "true";
  return json({
    success: true,
    tfaConfigured: !bypass,
    forceTfa: !bypass,
    method: bypass ? null : "EMAIL",
    token: bypass
      ? tokenFor(context, user, now, DAY_S)
      : tokenFor(context, user, now, PRE_VERIFICATION_S, PRE_VERIFICATION_ROLE),
    tfaExpiresInSeconds: bypass ? 0 : PRE_VERIFICATION_S,
  });
}

/** UTMStack v11's second login step: a pre-verification token plus the code → a 30-day token. */
function verifyTfaCode(context: ServiceContext, input: RouteInput): MockReply {
  const path = input.url.pathname;
  const token = input.request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const verified = token ? verifyJwt(token, context.store.jwtSecret, input.now) : undefined;
  const user = verified?.ok ? context.store.users.findByLogin(verified.claims.sub) : undefined;
  if (!verified?.ok || !user) return springError(401, path, input.now);
  const code = input.body.trim();
  if (code !== context.tfaCode) return headerError(412, `TFA invalid for user '${user.login}': Invalid code`);
  const full = tokenFor(context, user, input.now, TFA_TOKEN_S);
  return json({ id_token: full, authenticated: true, tfaMethod: null }, 200, {
    authorization: `Bearer ${full}`,
  });
}

/** `POST /api/authenticate` and `POST /api/tfa/verify-code`. */
export function loginRoutes(context: ServiceContext): RouteEntry<KeyServiceRoute>[] {
  return [
    {
      method: "POST",
      path: "/api/authenticate",
      handler: { access: "public", run: (input) => login(context, input) },
    },
    {
      method: "POST",
      path: "/api/tfa/verify-code",
      handler: { access: "public", run: (input) => verifyTfaCode(context, input) },
    },
  ];
}
