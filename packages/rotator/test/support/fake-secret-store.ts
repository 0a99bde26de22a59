import { capabilityGaps, describeGaps, rotationAccessNeeds } from "../../src/adapters/vault-capabilities.js";
import { CasMismatchError, PermanentError } from "../../src/port-errors.js";
import type { SecretStore, StoredSecret } from "../../src/ports.js";
import { FaultScript } from "./faults.js";

interface Entry {
  versions: Record<string, unknown>[];
  customMetadata: Record<string, string> | null;
}

/** An in-memory KV v2 store: versions, check-and-set, custom metadata, paths the token may read but not write. */
export class FakeSecretStore implements SecretStore {
  readonly entries = new Map<string, Entry>();
  readonly faults: FaultScript;

  constructor(options: { faults?: FaultScript; forbiddenPrefixes?: readonly string[] } = {}) {
    this.faults = options.faults ?? new FaultScript();
    this.forbiddenPrefixes = options.forbiddenPrefixes ?? [];
  }

  private readonly forbiddenPrefixes: readonly string[];

  /** Writes a version directly (test setup, no faults). */
  seed(path: string, data: Record<string, unknown>): void {
    const entry = this.entries.get(path) ?? { versions: [], customMetadata: null };
    entry.versions.push(data);
    this.entries.set(path, entry);
  }

  /** The current version's data, without faults (for assertions). */
  current(
    path: string,
  ): { data: Record<string, unknown>; version: number; history: Record<string, unknown>[] } | undefined {
    const entry = this.entries.get(path);
    const data = entry?.versions.at(-1);
    if (!entry || !data) return undefined;
    return { data, version: entry.versions.length, history: entry.versions };
  }

  read(path: string): Promise<StoredSecret | undefined> {
    return this.faults.call("vault.read", () => {
      const entry = this.entries.get(path);
      const data = entry?.versions.at(-1);
      if (!entry || !data) return undefined;
      return { data: { ...data }, version: entry.versions.length, customMetadata: entry.customMetadata };
    });
  }

  write(path: string, data: Record<string, unknown>, cas: number): Promise<{ version: number }> {
    return this.faults.call("vault.write", () => {
      this.refuseIfForbidden(path);
      const entry = this.entries.get(path) ?? { versions: [], customMetadata: null };
      if (entry.versions.length !== cas) {
        throw new CasMismatchError("check-and-set parameter did not match the current version");
      }
      entry.versions.push({ ...data });
      this.entries.set(path, entry);
      return { version: entry.versions.length };
    });
  }

  writeMetadata(path: string, customMetadata: Record<string, string>): Promise<void> {
    return this.faults.call("vault.metadata", () => {
      this.refuseIfForbidden(path);
      const entry = this.entries.get(path) ?? { versions: [], customMetadata: null };
      entry.customMetadata = { ...customMetadata };
      this.entries.set(path, entry);
    });
  }

  /** As the Vault adapter: under a forbidden prefix the token reads but may not create or update. */
  checkWriteAccess(path: string): Promise<void> {
    return this.faults.call("vault.capabilities", () => {
      if (!this.isForbidden(path)) return;
      const needs = rotationAccessNeeds("secret", path);
      const readOnly = Object.fromEntries(Object.keys(needs).map((full) => [full, ["read"]]));
      const gaps = capabilityGaps(readOnly, needs);
      throw new PermanentError(describeGaps(gaps));
    });
  }

  private isForbidden(path: string): boolean {
    return this.forbiddenPrefixes.some((prefix) => path.startsWith(prefix));
  }

  private refuseIfForbidden(path: string): void {
    if (this.isForbidden(path)) {
      throw new PermanentError(`Vault refused ${path}: permission denied`);
    }
  }
}
