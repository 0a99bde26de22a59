import { compareBytes } from "../wire/go-json.js";
import type { KvContext, KvMount, KvOutcome } from "./types.js";
import { isDeleted } from "./versions.js";

/**
 * `LIST metadata/:prefix` (§4.11): the direct children of a folder, sub-folders with a trailing `/`.
 * Nothing under the prefix is a 404 `{"errors":[]}`. Real Vault does not sort the keys; this one does,
 * so tests stay deterministic (a client must not rely on either order).
 * @param prefix the folder, with or without its trailing `/` (`""` is the mount's root)
 */
export function listKeys(mount: KvMount, prefix: string, excludeDeleted: boolean, ctx: KvContext): KvOutcome {
  const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  const found = new Set<string>();
  for (const [path, key] of mount.keys) {
    if (!path.startsWith(folder)) continue;
    const rest = path.slice(folder.length);
    const slash = rest.indexOf("/");
    if (slash >= 0) {
      found.add(rest.slice(0, slash + 1));
      continue;
    }
    const latest = key.versions.get(key.currentVersion);
    if (excludeDeleted && latest && isDeleted(latest, ctx.nowMs)) continue;
    found.add(rest);
  }
  if (found.size === 0) return { kind: "notFound" };
  // Vault sorts the keys as Go's sort.Strings does: by their bytes
  return { kind: "data", data: { keys: [...found].sort(compareBytes) } };
}
