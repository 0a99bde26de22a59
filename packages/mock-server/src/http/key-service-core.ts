import type { MockReply } from "../exchange/reply.js";
import type { MockRequest } from "../exchange/request.js";
import { type AdminOptions, type AdminTargets, adminControls } from "./admin.js";
import { pathRefusal } from "./firewall.js";
import { apiKeyRoutes } from "./handlers/api-keys.js";
import { authorizationGroupRoutes } from "./handlers/authorization-groups.js";
import { loginRoutes } from "./handlers/login.js";
import { searchRoutes } from "./handlers/search.js";
import { problemReply } from "./responses.js";
import { type KeyServiceRoute, routeInput, runRoute, type ServiceContext } from "./route.js";
import { createRouter, type RouteMatch } from "./router.js";

/** The largest request body the key service reads by default (Spring Boot's usual 1 MiB). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Where the service is served: any origin, or one origin and path prefix (`baseUrl`). */
interface Base {
  origin?: string;
  /** Lower case, without a trailing slash; "" for none. */
  prefix: string;
}

/** The key service's routes over its state, ready to answer requests. */
export interface KeyServiceCore {
  readonly context: ServiceContext;
  readonly bodyLimit: number;
  readonly base: Base;
  readonly match: (method: string, path: string) => RouteMatch<KeyServiceRoute> | undefined;
  readonly admin?: (request: MockRequest, path: string) => MockReply | undefined;
}

/** Options of {@link createKeyServiceCore}. */
export interface KeyServiceCoreOptions {
  /** Serve only this origin and path (`http://localhost:8080`); default any origin. */
  baseUrl?: string;
  /** Largest body read; larger ones are answered 413. */
  bodyLimit?: number;
  /** Serve the `/__mock/*` controls over these targets. */
  admin?: { targets: AdminTargets; options?: AdminOptions };
}

function baseOf(baseUrl: string | undefined): Base {
  if (baseUrl === undefined) return { prefix: "" };
  const url = new URL(baseUrl);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "").toLowerCase() };
}

/** Builds the key service's route table once, for {@link handleKeyServiceRequest}. */
export function createKeyServiceCore(
  context: ServiceContext,
  options: KeyServiceCoreOptions = {},
): KeyServiceCore {
  return {
    context,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    base: baseOf(options.baseUrl),
    match: createRouter([
      ...loginRoutes(context),
      ...searchRoutes(context),
      ...authorizationGroupRoutes(context),
      ...apiKeyRoutes(context),
    ]),
    admin: options.admin && adminControls(options.admin.targets, options.admin.options),
  };
}

const CONTROLS = /^\/__mock\//i;

/** Whether the key service (or its controls) answers this request, whatever its body. */
export function keyServiceClaims(core: KeyServiceCore, method: string, url: URL): boolean {
  const path = pathBelowBase(core.base, url);
  if (path === undefined) return false;
  return core.match(method, path) !== undefined || (core.admin !== undefined && CONTROLS.test(path));
}

/** The request's path below the service's base, or undefined when the base does not serve it. */
function pathBelowBase(base: Base, url: URL): string | undefined {
  if (base.origin !== undefined && url.origin !== base.origin) return undefined;
  if (base.prefix === "") return url.pathname;
  const { pathname } = url;
  if (!pathname.toLowerCase().startsWith(base.prefix)) return undefined;
  const rest = pathname.slice(base.prefix.length);
  return rest === "" || rest.startsWith("/") ? rest || "/" : undefined;
}

const FIREWALLED = /^\/(api|__mock)(\/|$)/i;

/**
 * Answers one request as the key service (and its `/__mock` controls) would, or undefined when it
 * is not theirs. Pure over the core's state and clock: no msw, no node:http. The order is the real
 * server's: Tomcat and Spring's firewall on the raw path, the body limit, then the route's security
 * chain and the route itself.
 */
export function handleKeyServiceRequest(core: KeyServiceCore, request: MockRequest): MockReply | undefined {
  const path = pathBelowBase(core.base, request.url);
  if (path === undefined) return undefined;
  const { context } = core;
  if (FIREWALLED.test(path)) {
    const refused = pathRefusal(request.rawPath);
    if (refused) return refused;
    if (request.oversized) {
      const message = `Request body exceeds ${core.bodyLimit} bytes`;
      return problemReply(413, request.url, context.clock.now(), message);
    }
  }
  if (core.admin && CONTROLS.test(path)) {
    const control = core.admin(request, path);
    if (control) return control;
  }
  const found = core.match(request.method, path);
  if (!found) return undefined;
  return runRoute(context, found.handler, routeInput(context, request, found.params));
}
