import type { PathParams } from "msw";
import { readCredential } from "../auth/credentials.js";
import { verifyJwt } from "../auth/jwt.js";
import type { Clock } from "../clock.js";
import type { ApiKeyRecord, Permission, UserRecord } from "../keys/model.js";
import type { MockStore } from "../store/store.js";
import { logKeyUsage } from "../store/usage-recorder.js";
import { requestBodyText, requestUrlOf } from "./adapter-request.js";
import { clientAddressOf } from "./client-address.js";
import { pathRefusal } from "./firewall.js";
import { answering } from "./known-body.js";
import type { Profile } from "./profiles/profile.js";
import { springError } from "./responses.js";

/** What every handler shares: state, time, behaviour and address policy. */
export interface ServiceContext {
  store: MockStore;
  clock: Clock;
  profile: Profile;
  trustProxy: boolean;
  /** The code `/api/tfa/verify-code` accepts (utmstack-v11). */
  tfaCode: string;
}

/** One request, as handlers see it. */
export interface RouteInput {
  request: Request;
  url: URL;
  params: PathParams;
  /** The caller's address (socket, or X-Forwarded-For when trusted, or 127.0.0.1 in-process). */
  address: string;
  now: number;
  /**
   * The body as text ("" when there is none), read before the route runs so routes answer
   * synchronously (see known-body.ts); the usage log reuses it.
   */
  body: string;
}

/** Who is calling, once authenticated. */
export interface Principal {
  user: UserRecord;
  authorities: ReadonlySet<string>;
  /** Set when the caller authenticated with an API key. */
  key?: ApiKeyRecord;
}

type Resolver = (info: { request: Request; params: PathParams }) => Promise<Response>;

async function routeInput(
  context: ServiceContext,
  request: Request,
  params: PathParams,
): Promise<RouteInput> {
  return {
    request,
    url: requestUrlOf(request),
    params,
    address: clientAddressOf(request, context),
    now: context.clock.now(),
    body: await requestBodyText(request),
  };
}

/** A route anyone may call (login). */
export function publicRoute(
  context: ServiceContext,
  run: (input: RouteInput) => Promise<Response> | Response,
): Resolver {
  return async ({ request, params }) => {
    const refused = pathRefusal(request);
    if (refused) return refused;
    const input = await routeInput(context, request, params);
    return answering(request, () => run(input));
  };
}

const ROLE_USER = "ROLE_USER";

/**
 * A route that needs a JWT or an API key, and (documented profile) a permission. A request made with
 * an API key, accepted or refused, is written to the usage log, and an accepted key's `lastUsedAt`
 * is set.
 */
export function protectedRoute(
  context: ServiceContext,
  permission: Permission | null,
  run: (input: RouteInput, principal: Principal) => Promise<Response> | Response,
): Resolver {
  const { store, profile } = context;
  return async ({ request, params }) => {
    // before authentication, as Tomcat and Spring's firewall refuse the path before any filter
    const refused = pathRefusal(request);
    if (refused) return refused;
    const input = await routeInput(context, request, params);
    return answering(request, () => handle(request, input));
  };

  async function handle(request: Request, input: RouteInput): Promise<Response> {
    const path = input.url.pathname;
    const credential = readCredential(request, input.url, profile);

    if (credential.kind === "none") return springError(401, path, input.now);

    if (credential.kind === "jwt") {
      const verified = verifyJwt(credential.token, store.jwtSecret, input.now);
      if (!verified.ok)
        return springError(401, path, input.now, profile.extensions ? verified.reason : undefined);
      const user = store.users.findByLogin(verified.claims.sub);
      if (!user?.activated) return springError(401, path, input.now);
      const authorities = new Set(verified.claims.auth.split(","));
      if (!authorities.has(ROLE_USER)) return springError(403, path, input.now);
      return authorize({ user, authorities }, input, path);
    }

    const checked = store.keys.authenticate(credential.secret, input.address, input.now);
    let response: Response;
    const key = checked.key;
    if (checked.ok) {
      const user = store.users.findById(checked.key.userId);
      if (!user) response = profile.refusedApiKey(path, input.now, "User not found for API key");
      else if (!user.activated) response = profile.refusedApiKey(path, input.now, "User not activated");
      else {
        store.keys.touch(checked.key, input.now);
        const authorities = new Set([ROLE_USER, ...user.permissions]);
        response = await authorize({ user, authorities, key: checked.key }, input, path);
      }
    } else {
      response = profile.refusedApiKey(path, input.now, checked.reason);
    }
    await logKeyUsage(store, input, key, response);
    return response;
  }

  function authorize(principal: Principal, input: RouteInput, path: string): Promise<Response> | Response {
    if (permission && profile.extensions && !principal.authorities.has(permission)) {
      return springError(403, path, input.now, `Missing permission ${permission}`);
    }
    return run(input, principal);
  }
}
