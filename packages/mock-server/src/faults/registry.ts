import { delay, HttpResponse, RequestHandler } from "msw";
import { compilePathPattern, type PathPattern } from "./http/path-pattern.js";

/**
 * One injected fault. Matching requests (by `path` and `method`) get the latency, then the status or
 * network error, if any. Without `times` it applies until removed; `probability` applies it to that
 * share of matching requests.
 */
export interface FaultRule {
  /** MSW path pattern: `/api/api-keys/:id`, `*` for every route, or a full URL pattern. */
  path: string;
  /** HTTP method, case-insensitive; default every method. */
  method?: string;
  /** Fixed delay in ms, or a random one between `min` and `max`. */
  latencyMs?: number | { min: number; max: number };
  /** Answer with this status and an empty body (500, 503, 429, ...). */
  status?: number;
  /** `Retry-After` seconds sent with `status` (e.g. with 429 or 503). */
  retryAfterSeconds?: number;
  /** Fail with a network error instead of a response (`HttpResponse.error()`). */
  networkError?: boolean;
  /** Apply to the next N matching requests only, then remove itself. */
  times?: number;
  /** Share of matching requests affected, 0..1; default 1. */
  probability?: number;
}

/** A fault as stored, with its id and how many requests it still affects. */
export interface ActiveFault extends FaultRule {
  id: number;
  /** Matching requests it has affected so far. */
  hits: number;
}

/** Controls the faults of a mock. */
export interface Faults {
  /** Adds a rule; returns its id (for {@link Faults.remove}). @throws {TypeError} on a bad rule. */
  add(rule: FaultRule): number;
  remove(id: number): boolean;
  clear(): void;
  list(): ActiveFault[];
}

const RULE_FIELDS = new Set([
  "path",
  "method",
  "latencyMs",
  "status",
  "retryAfterSeconds",
  "networkError",
  "times",
  "probability",
]);

/** How many faults may be active at once. */
export const MAX_FAULTS = 1000;
/** The longest latency a fault may add: long enough to outlast any client's timeout. */
export const MAX_FAULT_LATENCY_MS = 10 * 60_000;

// An HTTP method is a token (RFC 9110): letters, digits and a few marks.
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/**
 * Checks a rule completely when it is added, so a bad one is refused then (a 400 over HTTP) instead
 * of failing every matching request later, and compiles its path.
 * @throws {TypeError} saying what is wrong and what to send
 */
function checkRule(rule: FaultRule): PathPattern {
  if (typeof rule !== "object" || rule === null || typeof rule.path !== "string" || rule.path === "") {
    throw new TypeError('A fault needs a path pattern, e.g. { path: "/api/api-keys/:id", status: 503 }');
  }
  // A misspelt field (`retryAfter`) would otherwise be dropped silently and the test would pass for
  // the wrong reason.
  const unknown = Object.keys(rule).filter((field) => !RULE_FIELDS.has(field));
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown fault field(s) ${unknown.join(", ")}; a fault takes ${[...RULE_FIELDS].join(", ")}`,
    );
  }
  if (rule.method !== undefined && (typeof rule.method !== "string" || !METHOD_TOKEN.test(rule.method))) {
    throw new TypeError(
      `Fault method must be an HTTP method such as "GET", got ${JSON.stringify(rule.method)}`,
    );
  }
  if (
    rule.status !== undefined &&
    (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)
  ) {
    throw new TypeError(`Fault status must be an HTTP status 100-599, got ${rule.status}`);
  }
  if (
    rule.probability !== undefined &&
    !(isNumber(rule.probability) && rule.probability >= 0 && rule.probability <= 1)
  ) {
    throw new TypeError(`Fault probability must be between 0 and 1, got ${rule.probability}`);
  }
  if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
    throw new TypeError(`Fault times must be a positive integer, got ${rule.times}`);
  }
  if (
    rule.retryAfterSeconds !== undefined &&
    (!Number.isInteger(rule.retryAfterSeconds) || rule.retryAfterSeconds < 0)
  ) {
    throw new TypeError(
      `Fault retryAfterSeconds must be a whole number of seconds, got ${rule.retryAfterSeconds}`,
    );
  }
  if (rule.networkError !== undefined && typeof rule.networkError !== "boolean") {
    throw new TypeError(`Fault networkError must be true or false, got ${JSON.stringify(rule.networkError)}`);
  }
  const latency = rule.latencyMs;
  if (latency !== undefined) {
    const [min, max] =
      typeof latency === "object" && latency !== null ? [latency.min, latency.max] : [latency, latency];
    if (!(isNumber(min) && isNumber(max) && min >= 0 && max >= min && max <= MAX_FAULT_LATENCY_MS)) {
      throw new TypeError(
        `Fault latencyMs must be from 0 to ${MAX_FAULT_LATENCY_MS} (or {min, max} with min <= max)`,
      );
    }
  }
  if (rule.status === undefined && !rule.networkError && rule.latencyMs === undefined) {
    throw new TypeError("A fault needs latencyMs, status or networkError");
  }
  return compilePathPattern(rule.path.startsWith("/") ? `*${rule.path}` : rule.path);
}

/**
 * Creates the fault registry and the one MSW handler that applies it. Put the handler first: a
 * faulted request never reaches the real handlers, others fall through untouched.
 * @param random source of randomness for `probability` and random latency (inject one for tests)
 */
export function createFaults(random: () => number = Math.random): {
  faults: Faults;
  handler: RequestHandler;
} {
  let rules: ActiveFault[] = [];
  const patterns = new WeakMap<ActiveFault, PathPattern>();
  let nextId = 1;
  const faults: Faults = {
    add(rule) {
      // every request is tried against every rule: keep the list short enough to stay cheap
      if (rules.length >= MAX_FAULTS)
        throw new TypeError(`At most ${MAX_FAULTS} faults at once; clear some first`);
      const pattern = checkRule(rule);
      const path = rule.path.startsWith("/") ? `*${rule.path}` : rule.path;
      const active = { ...rule, path, id: nextId++, hits: 0 };
      patterns.set(active, pattern);
      rules.push(active);
      return active.id;
    },
    remove(id) {
      const before = rules.length;
      rules = rules.filter((rule) => rule.id !== id);
      return rules.length !== before;
    },
    clear() {
      rules = [];
    },
    list: () => rules.map((rule) => ({ ...rule })),
  };

  const pick = (request: Request): ActiveFault | undefined => {
    if (rules.length === 0) return undefined;
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__mock/")) return undefined; // the controls themselves never fail
    const method = request.method.toUpperCase();
    return rules.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        patterns.get(candidate)?.matches(url) === true &&
        (candidate.probability === undefined || random() < candidate.probability),
    );
  };

  const apply = async (rule: ActiveFault): Promise<Response | undefined> => {
    rule.hits++;
    if (rule.times !== undefined && rule.hits >= rule.times) faults.remove(rule.id);
    if (rule.latencyMs !== undefined) {
      const { latencyMs } = rule;
      const ms =
        typeof latencyMs === "number"
          ? latencyMs
          : latencyMs.min + random() * (latencyMs.max - latencyMs.min);
      await delay(ms);
    }
    if (rule.networkError) return HttpResponse.error();
    if (rule.status !== undefined) {
      const headers: Record<string, string> = { "x-keywarden-fault": String(rule.id) };
      if (rule.retryAfterSeconds !== undefined) headers["retry-after"] = String(rule.retryAfterSeconds);
      return new HttpResponse(null, { status: rule.status, headers });
    }
    return undefined;
  };

  return { faults, handler: new FaultHandler(pick, apply, () => rules.length > 0) };
}

/**
 * The MSW handler that applies faults. Unlike `http.all("*")` it parses neither cookies nor the URL
 * pattern of every request: with no fault registered it costs one length check, so the mock stays
 * fast when nobody injects faults.
 */
class FaultHandler extends RequestHandler<{ header: string }, { rule?: ActiveFault }, { rule: ActiveFault }> {
  constructor(
    private readonly pick: (request: Request) => ActiveFault | undefined,
    apply: (rule: ActiveFault) => Promise<Response | undefined>,
    private readonly anyRule: () => boolean,
  ) {
    super({ info: { header: "keywarden faults" }, resolver: ({ rule }) => apply(rule) });
  }

  /** For the standalone server's route filter: with no fault registered this handler never matches. */
  canMatch(): boolean {
    return this.anyRule();
  }

  override async parse({ request }: { request: Request }) {
    return { rule: this.pick(request) };
  }

  predicate({ parsedResult }: { parsedResult: { rule?: ActiveFault } }): boolean {
    return parsedResult.rule !== undefined;
  }

  protected override extendResolverArgs({ parsedResult }: { parsedResult: { rule?: ActiveFault } }) {
    return { rule: parsedResult.rule! };
  }

  log(): void {}
}
