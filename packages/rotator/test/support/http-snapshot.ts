import type { KeywardenClient } from "@keywarden/sdk";
import type { VaultClient } from "@keywarden/vault";
import { belongsTo, type LogicalKeySnapshot } from "../../src/rotation/invariants.js";

/** What an app reading Vault gets for `name`, and whether the API accepts it. */
export async function appViewOverHttp(sdk: KeywardenClient, vault: VaultClient, name: string) {
  const secret = await vault.kv.read(`keywarden/${name}`);
  const apiKey = String(secret.data.api_key);
  return { secret, apiKey, works: await sdk.apiKeys.verify(apiKey) };
}

/** The invariants' view of one logical key, read over HTTP from the key service and Vault. */
export async function snapshotOverHttp(
  sdk: KeywardenClient,
  vault: VaultClient,
  name: string,
  originalId: string,
): Promise<LogicalKeySnapshot> {
  const keys = [];
  for await (const key of sdk.apiKeys.list()) {
    if (belongsTo({ id: String(key.id), name: key.name }, name, originalId)) {
      keys.push({ id: String(key.id), name: key.name, live: key.status !== "REVOKED" });
    }
  }
  let view: LogicalKeySnapshot["vault"];
  try {
    const app = await appViewOverHttp(sdk, vault, name);
    view = { keyId: app.secret.data.key_id, secretAccepted: app.works, version: app.secret.metadata.version };
  } catch {
    view = undefined;
  }
  return { name, originalId, keys, vault: view };
}
