import { type ApiKey, type ApiKeyHeader, type KeywardenClient, NotFoundError } from "@keywarden/sdk";
import { isPortError, PermanentError } from "../port-errors.js";
import type { AuthCheck, KeyRecord, KeyService, KeySettings, RetireOutcome } from "../ports.js";
import { proveOwnSecret, type UsageLookupOptions } from "./key-ownership.js";
import { toPortError } from "./key-service-errors.js";

/** Options of {@link createKeyServiceAdapter}. */
export interface KeyServiceAdapterOptions {
  /** Header a key is presented in when verifying a new secret (default: the SDK's). */
  readonly verifyHeader?: ApiKeyHeader;
  /** Page size when listing (default 500; UTMStack caps it at 2000). */
  readonly pageSize?: number;
  /**
   * `auto` (default): revoke, and fall back to delete when the service has no revoke route
   * (UTMStack v11); `never`: always delete.
   */
  readonly revoke?: "auto" | "never";
  /**
   * Builds a new client that authenticates with `secret` (same server, the API-key header), one per
   * call: the adapter marks its requests with a random user agent. With it, verifying a successor's
   * secret proves the secret is that key's own (one read of the key, then the usage log says which
   * key authenticated the read; see key-ownership.ts). Without it, the SDK's `verify` only shows the
   * secret works for the user (and lists one page, which costs the server a sort of all the user's
   * keys).
   */
  readonly probeClient?: (secret: string) => KeywardenClient;
  /** How long to wait for the probe's usage-log entry (default: up to 10 s, short backoff). */
  readonly usageLookup?: UsageLookupOptions;
  /** The clock (epoch ms) deciding whether a key has expired; default `Date.now`. */
  readonly now?: () => number;
}

/** Maps the SDK's key onto the rotation's record (ids as strings, instants as epoch ms). */
export function toKeyRecord(key: ApiKey): KeyRecord {
  return {
    id: String(key.id),
    name: key.name,
    allowedIp: key.allowedIp ?? [],
    description: typeof key.description === "string" ? key.description : null,
    createdAt: Date.parse(key.createdAt),
    expiresAt: key.expiresAt ? Date.parse(key.expiresAt) : null,
    status: key.status === "REVOKED" ? "revoked" : "active",
    // Both are extensions: a v11 server sends neither, and its keys act with the owner's permissions.
    ...(typeof key.keyId === "string" ? { publicKeyId: key.keyId } : {}),
    authorizationGroup: typeof key.authorizationGroup === "string" ? key.authorizationGroup : null,
  };
}

function toInput(settings: KeySettings) {
  return {
    name: settings.name,
    allowedIp: [...settings.allowedIp],
    ...(settings.description === null ? {} : { description: settings.description }),
    expiresAt: settings.expiresAt === null ? null : new Date(settings.expiresAt).toISOString(),
    // Left out when null: the service reads a missing group as none (the owner's permissions), and
    // a server without groups (UTMStack v11) never sees the field.
    ...(settings.authorizationGroup === null ? {} : { authorizationGroup: settings.authorizationGroup }),
  };
}

/**
 * The rotation's `KeyService` over `@keywarden/sdk`. Every SDK error is translated into a port error
 * (transient, rate-limited, permanent, name taken).
 */
export function createKeyServiceAdapter(
  client: KeywardenClient,
  options: KeyServiceAdapterOptions = {},
): KeyService {
  const pageSize = options.pageSize ?? 500;
  let revokeSupported = options.revoke !== "never";

  const call = async <T>(operation: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw isPortError(error) ? error : toPortError(operation, error);
    }
  };

  const getKey = (id: string) =>
    call(`get key ${id}`, async () => {
      try {
        return toKeyRecord(await client.apiKeys.get(Number(id)));
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    });

  const deleteKey = (id: string) =>
    call(`delete key ${id}`, async () => {
      try {
        await client.apiKeys.delete(Number(id));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    });

  const service: KeyService = {
    // Sorted by id: new keys (successors) land on the last page, so paging while rotations run
    // does not shift the keys still to come.
    async *listKeys() {
      try {
        for await (const key of client.apiKeys.list({ size: pageSize, sort: "id,asc" }))
          yield toKeyRecord(key);
      } catch (error) {
        throw toPortError("list keys", error);
      }
    },

    getKey,

    async findKeyByName(name) {
      for await (const key of service.listKeys()) if (key.name === name) return key;
      return undefined;
    },

    createKey: (settings) =>
      call(`create key "${settings.name}"`, async () =>
        toKeyRecord(await client.apiKeys.create(toInput(settings))),
      ),

    generateSecret: (id) =>
      call(`generate a secret for key ${id}`, () => client.apiKeys.generate(Number(id))),

    updateKey: (id, settings) =>
      call(`update key ${id}`, async () =>
        toKeyRecord(await client.apiKeys.update(Number(id), toInput(settings))),
      ),

    async retireKey(key: KeyRecord, retiredName: string): Promise<RetireOutcome> {
      // An expired key cannot be edited (its expiry is in the past) and no longer authenticates:
      // deleting it frees the name without a detour.
      const expired = key.expiresAt !== null && key.expiresAt <= (options.now ?? Date.now)();
      if (!revokeSupported || expired) {
        await deleteKey(key.id);
        return "deleted";
      }
      if (key.name !== retiredName && key.status === "active") {
        // The full replace keeps the key's group: until the revoke lands it must not act with more.
        await service.updateKey(key.id, {
          name: retiredName,
          allowedIp: key.allowedIp,
          description: key.description,
          expiresAt: key.expiresAt,
          authorizationGroup: key.authorizationGroup ?? null,
        });
      } else if (key.status !== "active") {
        // Revoked but still under its name (revoked by hand): revoked keys cannot be edited, so delete.
        await deleteKey(key.id);
        return "deleted";
      }
      const revoked = await call(`revoke key ${key.id}`, async () => {
        try {
          await client.apiKeys.revoke(Number(key.id));
          return true;
        } catch (error) {
          // No revoke route (UTMStack v11): the key itself still exists, the route does not.
          if (error instanceof NotFoundError && (await getKey(key.id))) return false;
          throw error;
        }
      });
      if (revoked) return "revoked";
      revokeSupported = false;
      await deleteKey(key.id);
      return "deleted";
    },

    deleteKey,

    authenticate: (secret, keyId) =>
      call("verify the new secret", async (): Promise<AuthCheck> => {
        const check =
          options.probeClient && keyId !== undefined
            ? await proveOwnSecret(client, options.probeClient(secret), keyId, options.usageLookup)
            : (await client.apiKeys.verify(
                  secret,
                  options.verifyHeader ? { header: options.verifyHeader } : undefined,
                ))
              ? "accepted"
              : "refused";
        if (check === "refused") await refuseForWrongHeader(client, secret, options.verifyHeader);
        return check;
      }),
  };
  return service;
}

const API_KEY_HEADERS: readonly ApiKeyHeader[] = ["authorization", "utm-api-key", "x-api-key"];

/**
 * A refused secret is regenerated and written to Vault again, attempt after attempt. When the service
 * accepts it in another header (UTMStack v11 reads `utm-api-key` only), no new secret will do: that
 * is the settings' mistake, said as such, and the rotation stops (old key untouched).
 */
async function refuseForWrongHeader(
  client: KeywardenClient,
  secret: string,
  configured: ApiKeyHeader | undefined,
): Promise<void> {
  const used = configured ?? "authorization";
  // Refused may also mean "another key's secret", which authenticates fine: no header to blame then.
  if (await client.apiKeys.verify(secret, { header: used }).catch(() => true)) return;
  for (const header of API_KEY_HEADERS) {
    if (header === used) continue;
    const accepted = await client.apiKeys.verify(secret, { header }).catch(() => false);
    if (accepted) {
      throw new PermanentError(
        `the API refuses the new key in the ${used} header but accepts it in ${header}: set KEYWARDEN_API_KEY_HEADER=${header} (UTMStack v11 reads utm-api-key)`,
      );
    }
  }
}
