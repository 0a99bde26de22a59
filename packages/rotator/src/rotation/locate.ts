/**
 * Finding a rotation by its logical key, in any state. A rotation moves a key through three names
 * (`billing`, the successor `billing~next`, the retired `billing~retired-<id>`), so a rotation whose
 * job was lost is found again from whichever of them is still live, and the job that finishes it
 * starts from the right key.
 */
import type { KeyRecord, KeyService } from "../ports.js";
import type { RotationTarget } from "./context.js";
import { isRetiredName, isSuccessorName, logicalNameOf } from "./naming.js";

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

/** True for a live key that only exists because a rotation of its logical key is under way. */
export function isHalfDone(key: KeyRecord): boolean {
  return key.status === "active" && (isSuccessorName(key.name) || isRetiredName(key.name));
}

/** Files `key` into its family when it is live (revoked keys are history, not state to finish). */
export function addToFamily(family: KeyFamily, key: KeyRecord): void {
  if (key.status !== "active") return;
  if (key.name === family.name) family.current = key;
  else if (isSuccessorName(key.name) && logicalNameOf(key.name) === family.name) family.successor = key;
  else if (isRetiredName(key.name) && logicalNameOf(key.name) === family.name) family.retired.push(key);
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
  return { keyId: from.id, name: family.name, expiresAt: from.expiresAt };
}
