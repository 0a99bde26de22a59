/**
 * Per-key rotation policies. A policy file lists rules matched against the key name (glob: `*` any
 * run of characters, `?` one character); the first matching rule wins and its fields override the
 * global defaults.
 */

/** One rule of the policy file (durations already in milliseconds). */
export interface PolicyRule {
  /** Glob matched against the whole key name, e.g. `billing-*`. */
  readonly match: string;
  /** Rotate when the key expires within this many ms. */
  readonly window?: number;
  /** Lifetime of the successor in ms (default: the old key's own lifetime). */
  readonly lifetime?: number;
  /** Vault path template (`{name}`), relative to the KV mount. */
  readonly path?: string;
  /** How long both keys stay valid after the new one is verified, in ms. */
  readonly gracePeriod?: number;
  /** Never rotate these keys. */
  readonly skip?: boolean;
  /**
   * The authorization group successors get (default: the old key's own), to move keys to least
   * privilege as they rotate. Only a group name: a policy cannot widen a key to its owner's
   * permissions.
   */
  readonly authorizationGroup?: string;
}

/** Global defaults plus the rules. */
export interface PolicySettings {
  readonly rotateWithin: number;
  readonly gracePeriod: number;
  readonly pathTemplate: string;
  readonly rules: readonly PolicyRule[];
}

/** The effective policy of one key. */
export interface RotationPolicy {
  readonly window: number;
  readonly lifetime: number | undefined;
  readonly pathTemplate: string;
  readonly gracePeriod: number;
  readonly skip: boolean;
  /** The successors' authorization group; undefined: each keeps its old key's. */
  readonly authorizationGroup: string | undefined;
  /** The rule that matched, for the plan table; undefined when the defaults apply. */
  readonly matchedRule: string | undefined;
}

/** Resolves the policy of the key named `name`: the first matching rule over the defaults. */
export function policyFor(name: string, settings: PolicySettings): RotationPolicy {
  const rule = settings.rules.find((candidate) => globMatches(candidate.match, name));
  return {
    window: rule?.window ?? settings.rotateWithin,
    lifetime: rule?.lifetime,
    pathTemplate: rule?.path ?? settings.pathTemplate,
    gracePeriod: rule?.gracePeriod ?? settings.gracePeriod,
    skip: rule?.skip ?? false,
    authorizationGroup: rule?.authorizationGroup,
    matchedRule: rule?.match,
  };
}

/** True when the glob (`*`, `?`) matches the whole of `text`. */
export function globMatches(glob: string, text: string): boolean {
  const pattern = glob
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${pattern}$`, "s").test(text);
}
