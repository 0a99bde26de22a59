import { readCredential } from "../auth/credentials.js";
import { verifyJwt } from "../auth/jwt.js";
import type { Clock } from "../clock.js";
import type { MockReply } from "../exchange/reply.js";
import type { MockRequest } from "../exchange/request.js";
import { keyPermissions } from "../keys/authorization-groups.js";
import { type ApiKeyRecord, type Permission, ROLE_USER, type UserRecord } from "../keys/model.js";
import type { MockStore } from "../store/store.js";
import { logKeyUsage } from "../store/usage-recorder.js";
import { callerAddress } from "./client-address.js";
import type { Profile } from "./profiles/profile.js";
import { springError } from "./responses.js";
import type { PathParams } from "./router.js";

/** What every route shares: state, time, behaviour and address policy. */
export interface ServiceContext {
  store: MockStore;
  clock: Clock;
  profile: Profile;
  trustProxy: boolean;
  /** The code `/api/tfa/verify-code` accepts (utmstack-v11). */
  tfaCode: string;
}

/** One request, as routes see it. */
export interface RouteInput {
  request: MockRequest;
  url: URL;
  params: PathParams;
  /** The caller's address (socket, or X-Forwarded-For when trusted, or 127.0.0.1 in-process). */
  address: string;
  now: number;
  /** The body as text ("" when there is none). */
  body: string;
}

/** Who is calling, once authenticated. */
export interface Principal {
  user: UserRecord;
  /** What the caller may do: the JWT's authorities, or the permissions the API key acts with. */
  authorities: ReadonlySet<string>;
  /** Set when the caller authenticated with an API key. */
  key?: ApiKeyRecord;
}

/**
 * A route of the key service, as data: who may call it (`public`: anyone, as login; a permission; or
 * `null`: any authenticated user) and what answers.
 */
export type KeyServiceRoute =
  | { access: "public"; run: (input: RouteInput) => MockReply }
  | { access: Permission | null; run: (input: RouteInput, principal: Principal) => MockReply };

/** The route input for a request and its matched parameters. */
export function routeInput(context: ServiceContext, request: MockRequest, params: PathParams): RouteInput {
  return {
    request,
    url: request.url,
    params,
    address: callerAddress(request, context.trustProxy),
    now: context.clock.now(),
    body: request.body,
  };
}

/**
 * Runs a route behind UTMStack's security chain: a JWT or an API key, and (documented profile) the
 * route's permission. A request made with an API key, accepted or refused, is written to the usage
 * log, and an accepted key's `lastUsedAt` is set.
 */
export function runRoute(context: ServiceContext, route: KeyServiceRoute, input: RouteInput): MockReply {
  if (route.access === "public") return route.run(input);
  const { store, profile } = context;
  const path = input.url.pathname;
  const credential = readCredential(input.request.headers, input.url, profile);

  if (credential.kind === "none") return springError(401, path, input.now);

  if (credential.kind === "jwt") {
    const verified = verifyJwt(credential.token, store.jwtSecret, input.now);
    if (!verified.ok)
      return springError(401, path, input.now, profile.extensions ? verified.reason : undefined);
    const user = store.users.findByLogin(verified.claims.sub);
    if (!user?.activated) return springError(401, path, input.now);
    const { authorities } = verified;
    if (!authorities.has(ROLE_USER)) return springError(403, path, input.now);
    return runAuthorized(context, route, input, path, { user, authorities });
  }

  const checked = store.keys.authenticate(credential.secret, input.address, input.now);
  let reply: MockReply;
  if (checked.ok) {
    const user = store.users.findById(checked.key.userId);
    if (!user) reply = profile.refusedApiKey(path, input.now, "User not found for API key");
    else if (!user.activated) reply = profile.refusedApiKey(path, input.now, "User not activated");
    else {
      store.keys.touch(checked.key, input.now);
      // documented: a key in a group holds the group's permissions its owner also holds (v11 has no
      // groups); a key without one, its owner's
      const group = profile.extensions ? checked.key.authorizationGroup : null;
      const authorities =
        group === null
          ? user.authorities
          : new Set<string>([ROLE_USER, ...keyPermissions(user.permissions, group, store.groups)]);
      reply = runAuthorized(context, route, input, path, { user, authorities, key: checked.key });
    }
  } else {
    reply = profile.refusedApiKey(path, input.now, checked.reason);
  }
  logKeyUsage(store, input, checked.key, reply, profile.extensions);
  return reply;
}

/** Runs a route for an authenticated caller, once (documented profile) its permission is checked. */
function runAuthorized(
  context: ServiceContext,
  route: Extract<KeyServiceRoute, { access: Permission | null }>,
  input: RouteInput,
  path: string,
  principal: Principal,
): MockReply {
  const permission = route.access;
  if (permission && context.profile.extensions && !principal.authorities.has(permission)) {
    return springError(403, path, input.now, `Missing permission ${permission}`);
  }
  return route.run(input, principal);
}
