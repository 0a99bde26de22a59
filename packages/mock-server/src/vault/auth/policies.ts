/**
 * Vault ACL policies, the small part a least-privilege test needs: path rules with exact paths, a
 * trailing `*` prefix glob and `+` single-segment wildcards; capabilities read, create, update, delete,
 * list, patch, sudo and deny; the most specific matching rule wins, as in Vault.
 */

const CAPABILITIES = ["create", "read", "update", "delete", "list", "patch", "sudo", "deny"] as const;
/** One ACL capability. */
export type Capability = (typeof CAPABILITIES)[number];

/** `path "<path>" { capabilities = [...] }`. */
export interface PolicyRule {
  path: string;
  capabilities: Capability[];
}

/** Thrown for HCL this parser does not understand, saying where. */
export class PolicyParseError extends Error {
  override name = "PolicyParseError";
}

/**
 * Parses the policy HCL subset Vault docs use: `path "..." { capabilities = ["read", ...] }` blocks and
 * `#`/`//` comments.
 * @example parsePolicyHcl('path "secret/data/app/*" { capabilities = ["read"] }')
 */
export function parsePolicyHcl(hcl: string): PolicyRule[] {
  const text = hcl.replace(/(^|\s)(#|\/\/)[^\n]*/g, "$1");
  const rules: PolicyRule[] = [];
  const block = /path\s+"([^"]*)"\s*\{([^}]*)\}/g;
  for (const match of text.matchAll(block)) {
    const body = match[2] as string;
    const caps = /capabilities\s*=\s*\[([^\]]*)\]/.exec(body);
    if (!caps) throw new PolicyParseError(`path "${match[1]}" has no capabilities = [...] list`);
    const capabilities = [...(caps[1] as string).matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);
    for (const c of capabilities) {
      if (!(CAPABILITIES as readonly string[]).includes(c)) {
        throw new PolicyParseError(
          `path "${match[1]}": unknown capability "${c}" (use ${CAPABILITIES.join(", ")})`,
        );
      }
    }
    rules.push({ path: match[1] as string, capabilities: capabilities as Capability[] });
  }
  const leftover = text.replace(block, "").trim();
  if (leftover !== "") throw new PolicyParseError(`unexpected policy text: ${leftover.slice(0, 40)}`);
  return rules;
}

// Compiled once per pattern: policies are few and fixed, while every request with a non-root token
// tests its path against each of them.
const compiledPatterns = new Map<string, RegExp>();

function patternRegex(pattern: string): RegExp {
  let regex = compiledPatterns.get(pattern);
  if (!regex) {
    regex = compilePattern(pattern);
    if (compiledPatterns.size >= 1024) compiledPatterns.clear();
    compiledPatterns.set(pattern, regex);
  }
  return regex;
}

function compilePattern(pattern: string): RegExp {
  const glob = pattern.endsWith("*");
  const body = glob ? pattern.slice(0, -1) : pattern;
  const source = body
    .split("/")
    .map((segment) => (segment === "+" ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}${glob ? ".*" : ""}$`);
}

function firstWildcard(pattern: string): number {
  const plus = pattern.indexOf("+");
  const star = pattern.endsWith("*") ? pattern.length - 1 : -1;
  const positions = [plus, star].filter((p) => p >= 0);
  return positions.length ? Math.min(...positions) : pattern.length;
}

/** True when rule `a` is more specific than `b` (Vault's priority rules for overlapping patterns). */
function moreSpecific(a: string, b: string): boolean {
  const wa = firstWildcard(a);
  const wb = firstWildcard(b);
  if (wa !== wb) return wa > wb;
  const sa = a.endsWith("*");
  const sb = b.endsWith("*");
  if (sa !== sb) return !sa;
  const pa = a.split("+").length;
  const pb = b.split("+").length;
  if (pa !== pb) return pa < pb;
  if (a.length !== b.length) return a.length > b.length;
  return a > b;
}

/** Rules for the same pattern, merged across policies (Vault merges them before matching). */
function mergeRules(rules: readonly PolicyRule[]): Map<string, Set<Capability>> {
  const merged = new Map<string, Set<Capability>>();
  for (const rule of rules) {
    const set = merged.get(rule.path) ?? new Set<Capability>();
    for (const c of rule.capabilities) set.add(c);
    merged.set(rule.path, set);
  }
  return merged;
}

/** The most specific of `patterns` that matches `path`, or undefined. */
function mostSpecificMatch(patterns: Iterable<string>, path: string): string | undefined {
  let best: string | undefined;
  for (const pattern of patterns) {
    if (!patternRegex(pattern).test(path)) continue;
    if (best === undefined || moreSpecific(pattern, best)) best = pattern;
  }
  return best;
}

/**
 * The capabilities a set of rules grants on a request path (no leading `/v1/`). Rules for the same
 * pattern are merged across policies; then only the most specific matching pattern counts; `deny` wins.
 */
export function capabilitiesFor(rules: readonly PolicyRule[], path: string): Set<Capability> {
  const merged = mergeRules(rules);
  const best = mostSpecificMatch(merged.keys(), path);
  const granted = best === undefined ? new Set<Capability>() : (merged.get(best) as Set<Capability>);
  return granted.has("deny") ? new Set() : granted;
}

const isExact = (pattern: string) => firstWildcard(pattern) === pattern.length;

/**
 * What `sys/capabilities-self` reports for `path`: Vault's `ACL.CapabilitiesAndSubscribeEventTypes`
 * (vault/acl.go), which evaluates the path as a LIST request so that Vault's LIST fallbacks apply:
 * leading `/` stripped; an exact rule first, then for a trailing `/` the exact rule without it, then
 * prefix and `+` rules, where for a trailing `/` both forms are candidates and the most specific
 * `deny` among them wins if it is at least as specific as the overall winner. The answer is sorted
 * (`sort.Strings` in vault/capabilities.go), `["deny"]` when nothing (or `deny`) matches.
 * A root token never gets here: it is `["root"]` for every path.
 */
export function reportedCapabilities(rules: readonly PolicyRule[], rawPath: string): string[] {
  const path = rawPath.replace(/^\/+/, "");
  const merged = mergeRules(rules);
  const trimmed = path.endsWith("/") ? path.slice(0, -1) : undefined;
  let granted: Set<Capability> | undefined = merged.get(path);
  if (granted === undefined && trimmed !== undefined) granted = merged.get(trimmed);
  if (granted === undefined) {
    const patterns = [...merged.keys()].filter((p) => !isExact(p));
    const winner = mostSpecificMatch(patterns, path);
    const trimmedWinner = trimmed === undefined ? undefined : mostSpecificMatch(patterns, trimmed);
    const candidates = [winner, trimmedWinner].filter((p): p is string => p !== undefined);
    let best: string | undefined;
    for (const p of candidates) if (best === undefined || moreSpecific(p, best)) best = p;
    if (best !== undefined && trimmed !== undefined) {
      const denies = candidates.filter((p) => merged.get(p)?.has("deny"));
      const strongestDeny = denies.find((d) => denies.every((o) => o === d || !moreSpecific(o, d)));
      if (strongestDeny !== undefined && !moreSpecific(best, strongestDeny)) best = strongestDeny;
    }
    granted = best === undefined ? undefined : merged.get(best);
  }
  if (!granted || granted.has("deny") || granted.size === 0) return ["deny"];
  return [...granted].sort();
}

/**
 * The part of Vault's built-in `default` policy that matters here (vault/policy_store.go
 * `defaultPolicy`): a token may look itself up, renew and revoke itself, and ask what it may do on a
 * path (`sys/capabilities-self`).
 */
export const DEFAULT_POLICY: PolicyRule[] = [
  { path: "auth/token/lookup-self", capabilities: ["read"] },
  { path: "auth/token/renew-self", capabilities: ["update"] },
  { path: "auth/token/revoke-self", capabilities: ["update"] },
  { path: "sys/capabilities-self", capabilities: ["update"] },
];
