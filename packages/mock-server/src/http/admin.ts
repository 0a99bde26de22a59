import { isIP } from "node:net";
import type { Clock } from "../clock.js";
import type { MockReply } from "../exchange/reply.js";
import type { MockRequest } from "../exchange/request.js";
import type { FaultRule, Faults } from "../faults/registry.js";
import { checkSeed } from "../store/seed.js";
import type { MockStore } from "../store/store.js";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "./request-body.js";
import { json, noContent } from "./responses.js";
import { createRouter, type PathParams } from "./router.js";

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
   * Host names (besides `localhost` and IP addresses) a request may name in `Host`, e.g. the
   * machine's name when the mock is bound beyond loopback. Default none.
   */
  hosts?: readonly string[];
}

function problem(status: number, message: string): MockReply {
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
 * unless it is `localhost`, an IP address or a configured name). A request without `Host` never came
 * from a browser: in-process fetch sends none, and node:http refuses HTTP/1.1 without one.
 */
function refusal(request: MockRequest, allowedHosts: ReadonlySet<string>): string | undefined {
  const { url } = request;
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== url.origin) {
    return `Cross-origin requests to /__mock are refused (Origin ${origin.slice(0, 200)})`;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    return "Requests to /__mock from other sites are refused (Sec-Fetch-Site)";
  }
  const host = request.headers.get("host");
  if (host === null) return undefined;
  const name = hostName(host);
  if (name === "localhost" || name.endsWith(".localhost") || isIP(name) !== 0 || allowedHosts.has(name)) {
    return undefined;
  }
  return `Host ${JSON.stringify(name.slice(0, 200))} is not this machine: call /__mock through localhost or an IP address`;
}

function readJson(request: MockRequest): unknown {
  const text = request.body;
  if (jsonDepthExceeds(text)) throw new Error(`The body nests deeper than ${MAX_JSON_DEPTH} levels`);
  return text.trim() === "" ? {} : JSON.parse(text);
}

type Control = (request: MockRequest, params: PathParams) => MockReply;

// every control answers a clear 400 instead of throwing on bad input
function guarded(run: Control): Control {
  return (request, params) => {
    try {
      return run(request, params);
    } catch (error) {
      return problem(400, (error as Error).message);
    }
  };
}

/**
 * Test controls over HTTP (for the standalone server): `GET|POST /__mock/clock`
 * (`{"advance":"31d"}`, `{"set":"2030-01-01T00:00:00Z"}`, `{"reset":true}`), `GET|POST|DELETE
 * /__mock/faults`, `POST /__mock/reset`, `GET /__mock/state` (no secrets), `POST /__mock/seed`.
 * Returns the answer for a path below the service's base, or undefined when no control matches.
 */
export function adminControls(targets: AdminTargets, options: AdminOptions = {}) {
  const { store, clock, faults } = targets;
  const allowedHosts = new Set((options.hosts ?? []).map((host) => host.toLowerCase()));
  const clockBody = () => json({ now: new Date(clock.now()).toISOString() });
  const match = createRouter<Control>([
    { method: "GET", path: "/__mock/clock", handler: clockBody },
    {
      method: "POST",
      path: "/__mock/clock",
      handler: guarded((request) => {
        const body = readJson(request) as {
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
    },
    { method: "GET", path: "/__mock/faults", handler: () => json(faults.list()) },
    {
      method: "POST",
      path: "/__mock/faults",
      handler: guarded((request) => {
        const body = readJson(request);
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
    },
    {
      method: "DELETE",
      path: "/__mock/faults",
      handler: () => {
        faults.clear();
        return noContent();
      },
    },
    {
      method: "DELETE",
      path: "/__mock/faults/:id",
      handler: (_request, params) =>
        faults.remove(Number(params.id))
          ? noContent()
          : problem(404, `No fault ${String(params.id).slice(0, 64)}`),
    },
    {
      method: "POST",
      path: "/__mock/reset",
      handler: () => {
        targets.reset();
        return noContent();
      },
    },
    { method: "GET", path: "/__mock/state", handler: () => json(store.snapshot()) },
    {
      method: "POST",
      path: "/__mock/seed",
      handler: guarded((request) => {
        store.applySeed(checkSeed(readJson(request)));
        return json(store.snapshot(), 201);
      }),
    },
  ]);
  // one check in front of every control, so no route can forget it
  return (request: MockRequest, path: string): MockReply | undefined => {
    const found = match(request.method, path);
    if (!found) return undefined;
    const refused = refusal(request, allowedHosts);
    return refused === undefined ? found.handler(request, found.params) : problem(403, refused);
  };
}
