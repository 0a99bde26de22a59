import { type RandomBytes, secureRandomBytes } from "../../random.js";
import { goDuration as goDurationOf } from "../wire/time.js";

/** A token as the token store keeps it. TTLs are seconds; times are epoch ms from the mock's clock. */
export interface TokenEntry {
  id: string;
  accessor: string;
  policies: string[];
  displayName: string;
  path: string;
  meta: Record<string, string> | null;
  numUses: number;
  orphan: boolean;
  creationMs: number;
  /** TTL given at creation (0 = never expires, as the root token). */
  creationTtl: number;
  explicitMaxTtl: number;
  /** The TTL a renewal without `increment` asks for (a role's `token_ttl`). */
  defaultTtl: number;
  /** The hard cap from creation (a role's `token_max_ttl`), 0 = none. */
  maxTtl: number;
  expireMs?: number;
  renewable: boolean;
  /** Whether the token has a lease entry (root tokens do not, so `renew-self` fails for them). */
  hasLease: boolean;
  lastRenewalMs?: number;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random base62 string, for token ids and accessors. */
function randomId(random: RandomBytes, length: number): string {
  const bytes = random(length);
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** What {@link TokenStore.issue} needs. */
export interface IssueTokenInput {
  id?: string;
  policies: string[];
  displayName: string;
  path: string;
  meta?: Record<string, string> | null;
  ttl: number;
  maxTtl?: number;
  renewable?: boolean;
  orphan?: boolean;
  hasLease?: boolean;
}

/** Outcome of a renewal: the new TTL and a warning when it was capped by the max TTL. */
export type RenewOutcome = { ok: true; ttl: number; warnings: string[] } | { ok: false; message: string };

/** Tokens by id, with expiry by the mock's clock. */
export class TokenStore {
  readonly #tokens = new Map<string, TokenEntry>();
  readonly #now: () => number;

  readonly #random: RandomBytes;

  constructor(now: () => number, random: RandomBytes = secureRandomBytes) {
    this.#now = now;
    this.#random = random;
  }

  /** Creates a token; service tokens look like Vault's (`hvs.` + 24 characters). */
  issue(input: IssueTokenInput): TokenEntry {
    const now = this.#now();
    const entry: TokenEntry = {
      id: input.id ?? `hvs.${randomId(this.#random, 24)}`,
      accessor: randomId(this.#random, 24),
      policies: [...new Set(input.policies)].sort(),
      displayName: input.displayName,
      path: input.path,
      meta: input.meta ?? null,
      numUses: 0,
      orphan: input.orphan ?? true,
      creationMs: now,
      creationTtl: input.ttl,
      explicitMaxTtl: 0,
      defaultTtl: input.ttl,
      maxTtl: input.maxTtl ?? 0,
      renewable: input.renewable ?? input.ttl > 0,
      hasLease: input.hasLease ?? input.ttl > 0,
      ...(input.ttl > 0 ? { expireMs: now + input.ttl * 1000 } : {}),
    };
    this.#tokens.set(entry.id, entry);
    return entry;
  }

  /** The live token with this id, or `undefined` when unknown or expired (expired ones are revoked). */
  lookup(id: string): TokenEntry | undefined {
    const entry = this.#tokens.get(id);
    if (!entry) return undefined;
    if (entry.expireMs !== undefined && entry.expireMs <= this.#now()) {
      this.#tokens.delete(id);
      return undefined;
    }
    return entry;
  }

  /** Seconds left before the token expires (0 for a token that never does). */
  ttlOf(entry: TokenEntry): number {
    return entry.expireMs === undefined ? 0 : Math.max(0, Math.floor((entry.expireMs - this.#now()) / 1000));
  }

  /**
   * `renew-self`: extends the token by `increment` seconds (or its default TTL), capped at its max TTL
   * counted from creation; Vault's texts for a token without a lease or a non-renewable one.
   */
  renew(entry: TokenEntry, increment: number): RenewOutcome {
    if (!entry.hasLease) return { ok: false, message: "invalid lease ID" };
    if (!entry.renewable) return { ok: false, message: "lease is not renewable" };
    const now = this.#now();
    const wanted = increment > 0 ? increment : entry.defaultTtl;
    let ttl = wanted;
    const warnings: string[] = [];
    if (entry.maxTtl > 0) {
      const left = Math.floor((entry.creationMs + entry.maxTtl * 1000 - now) / 1000);
      if (left <= 0) return { ok: false, message: "lease expired" };
      if (wanted > left) {
        ttl = left;
        warnings.push(
          `TTL of "${goDurationOf(wanted)}" exceeded the effective max_ttl of "${goDurationOf(left)}"; TTL value is capped accordingly`,
        );
      }
    }
    entry.expireMs = now + ttl * 1000;
    entry.lastRenewalMs = now;
    return { ok: true, ttl, warnings };
  }

  /** Revokes a token at once (tests use it to simulate an operator revoking the rotator's token). */
  revoke(id: string): boolean {
    return this.#tokens.delete(id);
  }

  /** Every live token (for state inspection; ids are secrets, so do not log this). */
  list(): TokenEntry[] {
    return [...this.#tokens.keys()].flatMap((id) => this.lookup(id) ?? []);
  }

  clear(): void {
    this.#tokens.clear();
  }
}
