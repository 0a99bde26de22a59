/**
 * Finding a rotation by its logical key, in any state. A rotation moves a key through three names
 * (`billing`, the successor `billing~next`, the retired `billing~retired-<id>`), so a rotation whose
 * job was lost is found again from whichever of them is still live, and the job that finishes it
 * starts from the right key.
 */
import type { KeyRecord, KeyService, StoredSecret } from "../ports.js";
import type { RotationTarget } from "./context.js";
import { isRetiredKey, isSuccessorName, logicalNameOf } from "./naming.js";
import { MANAGED_BY } from "./steps.js";

/** The live keys of one logical key, by role. */
export interface KeyFamily {
  readonly name: string;
  /** The key under the logical name itself. */
  current?: KeyRecord;
  /** `<name>~next`: a successor not yet renamed. */
  successor?: KeyRecord;
  /** `<name>~retired-<id>` keys still active: renamed by a revoke step that did not finish. */
  readonly retired: KeyRecord[];
}

/**
 * True for a live key that looks like the trace of an unfinished rotation: a successor name, or the
 * exact retired name a rotation gives (with the key's own id). A successor name alone is not proof
 * (a user may name a key `foo~next`): the scan also asks Vault (see {@link isRotatorsFamily}).
 */
export function isHalfDone(key: KeyRecord): boolean {
  return key.status === "active" && (isSuccessorName(key.name) || isRetiredKey(key));
}

/** Files `key` into its family when it is live (revoked keys are history, not state to finish). */
export function addToFamily(family: KeyFamily, key: KeyRecord): void {
  if (key.status !== "active") return;
  if (key.name === family.name) family.current = key;
  else if (isSuccessorName(key.name) && logicalNameOf(key.name) === family.name) family.successor = key;
  else if (isRetiredKey(key) && logicalNameOf(key.name) === family.name) family.retired.push(key);
}

/**
 * Whether a family is the rotator's to finish. A retired key with its own id in its name was
 * renamed by a rotation; a lone successor name counts only when Vault's secret for the logical key
 * shows the rotator at work (its `managed-by` mark, or one of the family's key ids).
 */
export function isRotatorsFamily(family: KeyFamily, stored: StoredSecret | undefined): boolean {
  if (family.retired.length > 0) return true;
  if (stored?.customMetadata?.["managed-by"] === MANAGED_BY) return true;
  const ids = [family.current?.id, family.successor?.id].filter((id) => id !== undefined);
  return ids.includes(String(stored?.data.key_id));
}

/** One pass over every key, collecting the families of `names` (a handful: one listing for all). */
export async function findFamilies(
  keys: KeyService,
  names: ReadonlySet<string>,
): Promise<Map<string, KeyFamily>> {
  const families = new Map<string, KeyFamily>();
  for (const name of names) families.set(name, { name, retired: [] });
  if (names.size === 0) return families;
  for await (const key of keys.listKeys()) {
    const family = families.get(logicalNameOf(key.name));
    if (family) addToFamily(family, key);
  }
  return families;
}

/**
 * The job target that finishes (or starts) the rotation of a family, from the key it replaces:
 * a key renamed by an unfinished revoke, else the key under the logical name, else (the original is
 * gone) the successor itself. Undefined when the family has no live key.
 */
export function targetOf(family: KeyFamily): RotationTarget | undefined {
  const from = family.retired[0] ?? family.current ?? family.successor;
  if (!from) return undefined;
  return {
    keyId: from.id,
    name: family.name,
    expiresAt: from.expiresAt,
    ...(from.publicKeyId === undefined ? {} : { publicKeyId: from.publicKeyId }),
    // The successor found is the rotation's own: resuming starts from it, not as a fresh rotation.
    ...(family.successor && family.successor !== from ? { successorId: family.successor.id } : {}),
  };
}
