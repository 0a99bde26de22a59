/**
 * The promises a rotation keeps, as pure checks over a snapshot of the world. Tests (the property
 * test, the end-to-end and crash tests) take a snapshot after every operation and after every run.
 *
 * Safety (must hold at every moment):
 * - no secret lost: once Vault holds a secret for the logical key, it is one the API accepts;
 * - no key revoked before its successor is verified: while Vault holds no working secret of another
 *   key, the original key stays live.
 *
 * Convergence (must hold once the rotation finished):
 * - exactly one live key per logical key, under the original name;
 * - no orphan successor (`<name>~next`) left;
 * - Vault's current version is that key's secret, accepted by the API.
 */
import { isRetiredName, successorName } from "./naming.js";

/** One key of a logical key, as the invariants need it. */
export interface KeyView {
  readonly id: string;
  readonly name: string;
  /** Active (not revoked, not deleted). */
  readonly live: boolean;
}

/** Vault's current version for the logical key. */
export interface VaultView {
  readonly keyId: unknown;
  /** The API accepts the `api_key` stored there. */
  readonly secretAccepted: boolean;
  readonly version: number;
}

/** Everything the invariants look at for one logical key. */
export interface LogicalKeySnapshot {
  readonly name: string;
  /** The id of the key the rotation started from. */
  readonly originalId: string;
  /** Keys that belong to the logical key (see {@link belongsTo}). */
  readonly keys: readonly KeyView[];
  readonly vault: VaultView | undefined;
}

/** True when a key with this name/id is part of the logical key `name` started from `originalId`. */
export function belongsTo(key: { id: string; name: string }, name: string, originalId: string): boolean {
  return (
    key.id === originalId ||
    key.name === name ||
    key.name === successorName(name) ||
    (isRetiredName(key.name) && key.name.startsWith(`${name}~retired-`))
  );
}

/** Violations of the safety invariants (empty when safe). */
export function safetyViolations(snapshot: LogicalKeySnapshot): string[] {
  const violations: string[] = [];
  const { vault, name } = snapshot;
  const original = snapshot.keys.find((key) => key.id === snapshot.originalId);
  if (vault && !vault.secretAccepted) {
    violations.push(`${name}: Vault holds a secret the API refuses (secret lost)`);
  }
  const vaultHoldsWorkingSuccessor = vault?.secretAccepted === true && vault.keyId !== snapshot.originalId;
  if (!original?.live && !vaultHoldsWorkingSuccessor) {
    violations.push(`${name}: the original key was retired before a verified successor was in Vault`);
  }
  return violations;
}

/** Violations of the end state (empty when the rotation converged). */
export function convergenceViolations(snapshot: LogicalKeySnapshot): string[] {
  const violations = safetyViolations(snapshot);
  const { name, vault } = snapshot;
  const live = snapshot.keys.filter((key) => key.live);
  if (live.length !== 1) {
    violations.push(
      `${name}: ${live.length} live keys (${live.map((key) => key.name).join(", ")}), expected exactly 1`,
    );
  }
  const [survivor] = live;
  if (survivor && survivor.name !== name)
    violations.push(`${name}: the live key is named "${survivor.name}"`);
  if (snapshot.keys.some((key) => key.name === successorName(name))) {
    violations.push(`${name}: orphan successor "${successorName(name)}" left`);
  }
  if (survivor && vault?.keyId !== survivor.id) {
    violations.push(`${name}: Vault points at key ${String(vault?.keyId)}, the live key is ${survivor.id}`);
  }
  return violations;
}
