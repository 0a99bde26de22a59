/**
 * Where the signing secret comes from: the setting itself, or a Vault path (field `secret`) read
 * through the rotator's Vault client, like its own API key. Read at most once a minute, so a secret
 * rotated in Vault is picked up without a restart.
 */
import type { VaultClient } from "@keywarden/vault";
import type { WebhookConfig } from "../config/types.js";
import { redactCredentials } from "../observability/redact.js";
import { isWebhookSecret } from "./sign.js";

const REREAD_MS = 60_000;

/** A supplier of the `whsec_` secret; a failure fails the delivery attempt (retried), never a rotation. */
export function webhookSecretSupplier(
  secret: WebhookConfig["secret"],
  vault: Pick<VaultClient, "kv">,
  now: () => number = Date.now,
): () => Promise<string> {
  if (secret.kind === "value") return async () => secret.value;
  let cached: { value: string; readAt: number } | undefined;
  return async () => {
    if (cached && now() - cached.readAt < REREAD_MS) return cached.value;
    let value: unknown;
    try {
      value = (await vault.kv.read(secret.path)).data.secret;
    } catch (error) {
      throw new Error(
        `could not read the webhook secret from Vault path ${secret.path}: ${redactCredentials((error as Error).message)}`,
      );
    }
    if (typeof value !== "string" || !isWebhookSecret(value)) {
      throw new Error(
        `Vault path ${secret.path} has no usable webhook secret: its field "secret" must be whsec_ followed by base64 (the value is not shown)`,
      );
    }
    cached = { value, readAt: now() };
    return value;
  };
}
