import { goDuration, parseVaultDuration } from "../wire/time.js";
import { weakInteger } from "./cas.js";
import { fieldError } from "./custom-metadata.js";
import { isPlainObject } from "./merge-patch.js";
import { badRequest, type KvMount, type KvOutcome } from "./types.js";

/** `GET config` (§4.1). */
export function readConfig(mount: KvMount): KvOutcome {
  return {
    kind: "data",
    data: {
      cas_required: mount.config.casRequired,
      delete_version_after: goDuration(mount.config.deleteVersionAfter),
      max_versions: mount.config.maxVersions,
    },
  };
}

/** `POST config` (§4.1): 204; a negative `delete_version_after` disables it mount-wide (reads `"-1s"`). */
export function writeConfig(mount: KvMount, body: unknown): KvOutcome {
  const input = isPlainObject(body) ? body : {};
  if (input.max_versions !== undefined) {
    const n = weakInteger(input.max_versions);
    if (n === undefined)
      return badRequest(
        fieldError("max_versions", `cannot parse ${JSON.stringify(String(input.max_versions))} as int`),
      );
    mount.config.maxVersions = n;
  }
  if (input.cas_required !== undefined) mount.config.casRequired = Boolean(input.cas_required);
  if (input.delete_version_after !== undefined) {
    const d = parseVaultDuration(input.delete_version_after);
    if (d === undefined) return badRequest(fieldError("delete_version_after", "time: invalid duration"));
    mount.config.deleteVersionAfter = d < 0 ? -1 : d;
  }
  return { kind: "noContent" };
}
