import { type MockAnswer, NETWORK_ERROR } from "../exchange/reply.js";
import type { MockRequest } from "../exchange/request.js";
import { compilePathPattern, type PathPattern } from "./path-pattern.js";

/**
 * One injected fault. Matching requests (by `path` and `method`) get the latency, then the status or
 * network error, if any. Without `times` it applies until removed; `probability` applies it to that
 * share of matching requests.
 */
export interface FaultRule {
  /**
   * `/api/api-keys/:id` (any origin), `*` for every route, or with an origin
   * (`http://localhost:8080/v1/*`): `*` is any characters, `:name` one path segment.
   */
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
    (!Number.isInteger(rule.status) || rule.status < 200 || rule.status > 599)
  ) {
    throw new TypeError(`Fault status must be an HTTP status 200-599 (a final answer), got ${rule.status}`);
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
  return compilePathPattern(rule.path);
}

/** What an injected fault does to one request: wait, then answer in place of the service, or not. */
export interface FaultDecision {
  delayMs: number;
  /** The fault's answer; undefined when it only delays (the service answers after the wait). */
  answer?: MockAnswer;
}

/** The fault registry, and the one decision both front ends take from it. */
export interface FaultControl {
  faults: Faults;
  /** The fault that applies to a request, counting it as a hit; undefined when none does. */
  decide(request: MockRequest): FaultDecision | undefined;
  /** Whether any rule is registered (a request might then be delayed and passed on). */
  any(): boolean;
}

/**
 * Creates the fault registry. With no fault registered, a decision costs one length check.
 * @param random source of randomness for `probability` and random latency (inject one for tests)
 */
export function createFaults(random: () => number = Math.random): FaultControl {
  let rules: ActiveFault[] = [];
  const patterns = new WeakMap<ActiveFault, PathPattern>();
  let nextId = 1;
  const faults: Faults = {
    add(rule) {
      // every request is tried against every rule: keep the list short enough to stay cheap
      if (rules.length >= MAX_FAULTS)
        throw new TypeError(`At most ${MAX_FAULTS} faults at once; clear some first`);
      const pattern = checkRule(rule);
      const active = { ...rule, id: nextId++, hits: 0 };
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

  const pick = (request: MockRequest): ActiveFault | undefined => {
    const { url, method } = request;
    if (url.pathname.startsWith("/__mock/")) return undefined; // the controls themselves never fail
    return rules.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        patterns.get(candidate)?.matches(url) === true &&
        (candidate.probability === undefined || random() < candidate.probability),
    );
  };

  const decide = (request: MockRequest): FaultDecision | undefined => {
    if (rules.length === 0) return undefined;
    const rule = pick(request);
    if (rule === undefined) return undefined;
    rule.hits++;
    if (rule.times !== undefined && rule.hits >= rule.times) faults.remove(rule.id);
    const { latencyMs } = rule;
    const delayMs =
      latencyMs === undefined
        ? 0
        : typeof latencyMs === "number"
          ? latencyMs
          : latencyMs.min + random() * (latencyMs.max - latencyMs.min);
    if (rule.networkError) return { delayMs, answer: NETWORK_ERROR };
    if (rule.status !== undefined) {
      const headers: Record<string, string> = { "x-keywarden-fault": String(rule.id) };
      if (rule.retryAfterSeconds !== undefined) headers["retry-after"] = String(rule.retryAfterSeconds);
      return { delayMs, answer: { status: rule.status, headers, body: "" } };
    }
    return { delayMs };
  };

  return { faults, decide, any: () => rules.length > 0 };
}
