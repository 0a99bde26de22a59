import { isIP } from "node:net";
import type { Clock } from "../clock.js";
import type { FaultRule, Faults } from "../faults.js";
import { isAdapterRequest, requestUrlOf } from "../http/adapter-request.js";
import { pathRefusal } from "../http/firewall.js";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../http/request-body.js";
import { json } from "../http/responses.js";
import { route } from "../http/route-handler.js";
import { checkSeed } from "../store/seed.js";
import type { MockStore } from "../store/store.js";

/** What the `/__mock/*` routes control. */
export interface AdminTargets {
  store: MockStore;
  clock: Clock;
  faults: Faults;
  reset(): void;
}

/** Options of the `/__mock/*` controls. */
export interface AdminOptions {
  /**
   * Host names (besides `localhost` and IP addresses) a request over a socket may name in `Host`,
   * e.g. the machine's name when the mock is bound beyond loopback. Default none.
   */
  hosts?: readonly string[];
}

function problem(status: number, message: string): Response {
  return json({ status, error: message }, status);
}

/** A `Host` header's name part, without the port or IPv6 brackets, lower case. */
function hostName(host: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(host);
  if (bracketed) return (bracketed[1] ?? "").toLowerCase();
  const colon = host.indexOf(":");
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/**
 * Why a control request is refused, or undefined. A web page must not reset or seed the mock: a
 * browser names the page's origin in `Origin` (refused unless it is the mock's own) and a page that
 * re-points its own name at this machine (DNS rebinding) still sends that name in `Host` (refused
 * unless it is `localhost`, an IP address or a configured name). In-process requests never come from a
 * browser, so only requests over a socket are held to a `Host`.
 */
function refusal(request: Request, allowedHosts: ReadonlySet<string>): string | undefined {
  const url = requestUrlOf(request);
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== url.origin) {
    return `Cross-origin requests to /__mock are refused (Origin ${origin.slice(0, 200)})`;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    return "Requests to /__mock from other sites are refused (Sec-Fetch-Site)";
  }
  if (!isAdapterRequest(request)) return undefined;
  const name = hostName(request.headers.get("host") ?? "");
  if (name === "localhost" || name.endsWith(".localhost") || isIP(name) !== 0 || allowedHosts.has(name)) {
    return undefined;
  }
  return `Host ${JSON.stringify(name.slice(0, 200))} is not this machine: call /__mock through localhost or an IP address`;
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (jsonDepthExceeds(text)) throw new Error(`The body nests deeper than ${MAX_JSON_DEPTH} levels`);
  return text.trim() === "" ? {} : JSON.parse(text);
}

type Control = (info: { request: Request; params: Record<string, unknown> }) => Promise<Response> | Response;

// every admin route answers a clear 400 instead of throwing on bad input
function guarded(run: (request: Request) => Promise<Response> | Response): Control {
  return async ({ request }) => {
    try {
      return await run(request);
    } catch (error) {
      return problem(400, (error as Error).message);
    }
  };
}

/**
 * Test controls over HTTP (for the standalone server): `GET|POST /__mock/clock`
 * (`{"advance":"31d"}`, `{"set":"2030-01-01T00:00:00Z"}`, `{"reset":true}`), `GET|POST|DELETE
 * /__mock/faults`, `POST /__mock/reset`, `GET /__mock/state` (no secrets), `POST /__mock/seed`.
 */
export function adminHandlers(targets: AdminTargets, base: string, options: AdminOptions = {}) {
  const { store, clock, faults } = targets;
  const allowedHosts = new Set((options.hosts ?? []).map((host) => host.toLowerCase()));
  const clockBody = () => json({ now: new Date(clock.now()).toISOString() });
  // one check in front of every control, so no route can forget it
  const checked =
    (run: Control): Control =>
    (info) => {
      const badPath = pathRefusal(info.request);
      if (badPath) return badPath;
      const refused = refusal(info.request, allowedHosts);
      return refused === undefined ? run(info) : problem(403, refused);
    };
  return [
    route.get(`${base}/__mock/clock`, checked(clockBody)),
    route.post(
      `${base}/__mock/clock`,
      checked(
        guarded(async (request) => {
          const body = (await readJson(request)) as {
            advance?: string | number;
            set?: string | number;
            reset?: boolean;
          };
          if (body.reset) clock.reset();
          if (body.set !== undefined) clock.set(body.set);
          if (body.advance !== undefined) clock.advance(body.advance);
          if (body.reset === undefined && body.set === undefined && body.advance === undefined) {
            throw new Error('Send {"advance":"31d"}, {"set":"2030-01-01T00:00:00Z"} or {"reset":true}');
          }
          return clockBody();
        }),
      ),
    ),
    route.get(
      `${base}/__mock/faults`,
      checked(() => json(faults.list())),
    ),
    route.post(
      `${base}/__mock/faults`,
      checked(
        guarded(async (request) => {
          const body = await readJson(request);
          const rules = (Array.isArray(body) ? body : [body]) as FaultRule[];
          const ids: number[] = [];
          try {
            for (const rule of rules) ids.push(faults.add(rule));
          } catch (error) {
            // all or nothing: a list with one bad rule adds none
            for (const id of ids) faults.remove(id);
            throw error;
          }
          return json({ ids }, 201);
        }),
      ),
    ),
    route.delete(
      `${base}/__mock/faults`,
      checked(() => {
        faults.clear();
        return new Response(null, { status: 204 });
      }),
    ),
    route.delete(
      `${base}/__mock/faults/:id`,
      checked(({ params }) =>
        faults.remove(Number(params.id))
          ? new Response(null, { status: 204 })
          : problem(404, `No fault ${String(params.id).slice(0, 64)}`),
      ),
    ),
    route.post(
      `${base}/__mock/reset`,
      checked(() => {
        targets.reset();
        return new Response(null, { status: 204 });
      }),
    ),
    route.get(
      `${base}/__mock/state`,
      checked(() => json(store.snapshot())),
    ),
    route.post(
      `${base}/__mock/seed`,
      checked(
        guarded(async (request) => {
          store.applySeed(checkSeed(await readJson(request)));
          return json(store.snapshot(), 201);
        }),
      ),
    ),
  ];
}
