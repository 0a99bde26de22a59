/**
 * What an error keeps of Vault's answer must not quote what the request carried: Vault itself never
 * echoes a token or a value, but a proxy in front of it may ("upstream error; request was …").
 */
import { redactCredentialShapes, redactKnownSecrets } from "@keywarden/rules";

const REDACTED = "[redacted]";
// Deep enough for any KV secret or login body; the walk stays bounded on a hostile one.
const MAX_DEPTH = 16;
const MAX_SECRETS = 1_000;

/** The secrets one call sends: its token, and every text in its body (KV data, an AppRole secret ID). */
export function secretsOf(call: { readonly token?: string | undefined; readonly body?: unknown }): string[] {
  const secrets = call.token === undefined ? [] : [call.token];
  const walk = (value: unknown, depth: number): void => {
    if (secrets.length >= MAX_SECRETS) return;
    if (typeof value === "string") secrets.push(value);
    else if (value !== null && typeof value === "object" && depth < MAX_DEPTH) {
      for (const entry of Object.values(value)) walk(entry, depth + 1);
    }
  };
  walk(call.body, 0);
  // Longest first: a secret that contains another is replaced whole.
  return secrets.sort((a, b) => b.length - a.length);
}

/** `body` (an answer's) with `secrets` and anything shaped like a credential removed from every text. */
export function redactAnswer(body: unknown, secrets: readonly string[]): unknown {
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") {
      return redactCredentialShapes(redactKnownSecrets(value, secrets, REDACTED), REDACTED);
    }
    if (value === null || typeof value !== "object") return value;
    if (depth >= MAX_DEPTH) return undefined;
    if (Array.isArray(value)) return value.map((entry) => walk(entry, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) copy[key] = walk(entry, depth + 1);
    return copy;
  };
  return walk(body, 0);
}
