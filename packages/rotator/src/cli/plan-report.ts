/**
 * What `plan` reports, shared by its table and its JSON document so the two carry the same facts
 * in the same order: which keys are shown, in which order, and the JSON form of each. Pure.
 */
import type { VaultPathAccess, VaultTokenInfo } from "../adapters/vault-access.js";
import { isRetiredKey } from "../rotation/naming.js";
import type { PlanDecision, PlanEntry } from "../rotation/plan.js";

/** The Vault pre-flight results `plan` adds, when it checked Vault. */
export interface PlanVaultCheck {
  readonly token: VaultTokenInfo;
  /** Access per Vault path (relative to the mount). */
  readonly access: ReadonlyMap<string, VaultPathAccess>;
}

/**
 * A key a finished rotation retired (`<name>~retired-<id>`, no longer active). Each rotation adds
 * one, so the plan hides them unless `--all`; a live one is a half-done rotation and always shown.
 */
export function isFinishedRetiredKey(entry: PlanEntry): boolean {
  return entry.key.status !== "active" && isRetiredKey(entry.key);
}

/** The plan's order, table and JSON alike: what rotates now first, then by expiry (never last). */
export function sortPlan(entries: readonly PlanEntry[]): PlanEntry[] {
  const order = { resume: 0, rotate: 0, "not-due": 1, skip: 2 } as const;
  return [...entries].sort(
    (a, b) =>
      order[a.decision] - order[b.decision] || (a.key.expiresAt ?? Infinity) - (b.key.expiresAt ?? Infinity),
  );
}

/**
 * The table's group cell: the key's group (`-`: none, the owner's permissions), and the one its
 * successor would get when a policy changes it (`- → search-only`). Skipped keys get no successor.
 */
export function groupCell(entry: PlanEntry): string {
  const group = entry.key.authorizationGroup ?? "-";
  const next = entry.successorGroup ?? "-";
  return next === group || entry.decision === "skip" ? group : `${group} → ${next}`;
}

/** The Vault path a secret is written to, mount included (`secret/data/keywarden/billing`). */
export function fullVaultPath(kvMount: string, vaultPath: string): string {
  return `${kvMount}/data/${vaultPath}`;
}

/** One key of `plan --json`. */
export interface PlanKeyDocument {
  readonly id: string;
  /** The public id (`key_…`); null where the service has none (UTMStack v11). */
  readonly publicKeyId: string | null;
  readonly name: string;
  /** The key's authorization group; null: it acts with its owner's permissions. */
  readonly authorizationGroup: string | null;
  /** The group its successor would get (the key's own unless a policy sets one); null as above. */
  readonly successorAuthorizationGroup: string | null;
  /** ISO time; null for a key that never expires. */
  readonly expiresAt: string | null;
  /** ISO time the key rotates: `checkedAt` when it rotates now, null when it never will. */
  readonly rotatesAt: string | null;
  readonly decision: PlanDecision;
  /** With the mount: `secret/data/keywarden/billing`; null when the template gives no valid path. */
  readonly vaultPath: string | null;
  /** What the token may do there; null when not checked (skipped keys, or no Vault check). */
  readonly vaultAccess: VaultPathAccess | null;
  readonly reason: string;
}

/** The whole of `plan --json`. */
export interface PlanDocument {
  /** When the plan was made (ISO): the time every decision was taken against. */
  readonly checkedAt: string;
  /** The token check the table's first line shows; null when Vault was not checked. */
  readonly vaultToken: {
    readonly valid: true;
    readonly policies: readonly string[];
    /** ISO; null for a token that never expires. */
    readonly expiresAt: string | null;
  } | null;
  readonly keys: readonly PlanKeyDocument[];
  readonly summary: {
    /** Keys listed. */
    readonly keys: number;
    /** Keys whose decision is `rotate`. */
    readonly rotateNow: number;
    /** Retired keys left out (0 with `--all`). */
    readonly hiddenRetired: number;
  };
}

/**
 * The JSON document of `plan`: `shown` in the table's order (call {@link sortPlan} first), times in
 * ISO, Vault paths with their mount.
 */
export function planDocument(
  shown: readonly PlanEntry[],
  hiddenRetired: number,
  now: number,
  kvMount: string,
  vault?: PlanVaultCheck,
): PlanDocument {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    checkedAt: iso(now),
    vaultToken: vault
      ? {
          valid: true,
          policies: vault.token.policies,
          expiresAt: vault.token.ttlSeconds > 0 ? iso(now + vault.token.ttlSeconds * 1000) : null,
        }
      : null,
    keys: shown.map((entry) => ({
      id: entry.key.id,
      publicKeyId: entry.key.publicKeyId ?? null,
      name: entry.key.name,
      authorizationGroup: entry.key.authorizationGroup ?? null,
      successorAuthorizationGroup: entry.successorGroup,
      expiresAt: entry.key.expiresAt === null ? null : iso(entry.key.expiresAt),
      rotatesAt:
        entry.decision === "rotate" || entry.decision === "resume"
          ? iso(now)
          : entry.decision === "skip" || entry.rotateAt === undefined
            ? null
            : iso(entry.rotateAt),
      decision: entry.decision,
      vaultPath: entry.vaultPath ? fullVaultPath(kvMount, entry.vaultPath) : null,
      vaultAccess: (entry.vaultPath && vault?.access.get(entry.vaultPath)) || null,
      reason: entry.reason,
    })),
    summary: {
      keys: shown.length,
      rotateNow: shown.filter((entry) => entry.decision === "rotate").length,
      hiddenRetired,
    },
  };
}
