import type { KvSecret, KvVersionMetadata } from "./envelope.js";
import {
  VaultCasConflictError,
  VaultCasMismatchError,
  VaultConnectionError,
  VaultNotFoundError,
  VaultServerError,
} from "./errors.js";
import type { KvApi } from "./kv.js";
import type { VaultLogger } from "./logger.js";

/** What the key holds now, as {@link writeWithCas} shows it to the update function. */
export interface CasCurrent<T extends Record<string, unknown>> {
  /** The live latest version, or `undefined` if the key is missing or its latest version is deleted/destroyed. */
  secret: KvSecret<T> | undefined;
  /** The `cas` to write with: the current version number (0 when the key does not exist). */
  version: number;
}

/** Decides the next data from the current state; `undefined` means "nothing to write". */
export type CasUpdate<T extends Record<string, unknown>> = (
  current: CasCurrent<T>,
) => T | undefined | Promise<T | undefined>;

/** How {@link writeWithCas} ended. */
export type CasOutcome =
  | { status: "written"; version: number; attempts: number; metadata: KvVersionMetadata }
  | { status: "unchanged"; version: number; attempts: number };

/** Options of {@link writeWithCas}. */
export interface CasWriteOptions {
  /** Read-decide-write rounds before giving up with {@link VaultCasConflictError}. Default 5. */
  maxAttempts?: number;
  logger?: VaultLogger;
}

/** Reads the latest version and the `cas` that goes with it, whatever state the key is in. */
export async function readForCas<T extends Record<string, unknown>>(
  kv: KvApi,
  path: string,
): Promise<CasCurrent<T>> {
  try {
    const secret = await kv.read<T>(path);
    return { secret, version: secret.metadata.version };
  } catch (error) {
    if (!(error instanceof VaultNotFoundError)) throw error;
    // a deleted/destroyed latest version still counts: soft deletes do not reset current_version
    if (error.version) return { secret: undefined, version: error.version.version };
    try {
      return { secret: undefined, version: (await kv.readMetadata(path)).current_version };
    } catch (metaError) {
      if (metaError instanceof VaultNotFoundError) return { secret: undefined, version: 0 };
      throw metaError;
    }
  }
}

/**
 * Read, decide, write with check-and-set, and on a lost race read again and decide again: a CAS write
 * is never resent blindly. A write whose answer was lost (connection error, 5xx) is also followed by a
 * fresh read, so `update` sees whether it landed. `update` must be a pure decision over `current`.
 * @throws {VaultCasConflictError} when other writers win `maxAttempts` times in a row
 */
export async function writeWithCas<T extends Record<string, unknown>>(
  kv: KvApi,
  path: string,
  update: CasUpdate<T>,
  options: CasWriteOptions = {},
): Promise<CasOutcome> {
  const maxAttempts = options.maxAttempts ?? 5;
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const current = await readForCas<T>(kv, path);
    const next = await update(current);
    if (next === undefined) return { status: "unchanged", version: current.version, attempts: attempt };
    try {
      const metadata = await kv.write(path, next, { cas: current.version });
      return { status: "written", version: metadata.version, attempts: attempt, metadata };
    } catch (error) {
      const unknownFate = error instanceof VaultConnectionError || error instanceof VaultServerError;
      if (!(error instanceof VaultCasMismatchError) && !unknownFate) throw error;
      lastError = error;
      options.logger?.info(
        { event: "vault.cas.retry", path: `${kv.mount}/data/${path}`, attempt, cause: (error as Error).name },
        "Check-and-set write did not go through; reading again before deciding",
      );
    }
  }
  if (lastError instanceof VaultCasMismatchError || lastError === undefined) {
    throw new VaultCasConflictError({ method: "POST", path: `/v1/${kv.mount}/data/${path}` }, maxAttempts);
  }
  throw lastError;
}
