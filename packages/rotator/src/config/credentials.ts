/**
 * Pairs the key service's credential settings into one way of logging in, with a clear line when a
 * pair is incomplete. Vault's login is read with the other `VAULT_*` settings (`readVaultEnv`).
 */
import type { Credentials, Raw } from "./schema.js";
import type { RotatorConfig } from "./types.js";

/**
 * The key service login: the rotator's API key kept in Vault (which it then rotates like any other),
 * an API key given directly, or a user name and password. One of them, never two.
 */
export function pickKeywardenAuth(
  raw: Credentials & Pick<Partial<Raw>, "KEYWARDEN_API_KEY_HEADER">,
  problems: string[],
): RotatorConfig["keywarden"]["auth"] | undefined {
  const given = [
    raw.KEYWARDEN_API_KEY_VAULT_PATH && "KEYWARDEN_API_KEY_VAULT_PATH",
    raw.KEYWARDEN_API_KEY && "KEYWARDEN_API_KEY",
    (raw.KEYWARDEN_USERNAME || raw.KEYWARDEN_PASSWORD) && "KEYWARDEN_USERNAME/KEYWARDEN_PASSWORD",
  ].filter(Boolean);
  if (given.length > 1) {
    problems.push(`Set only one way to log in to the key service (got ${given.join(" and ")})`);
    return undefined;
  }
  if (raw.KEYWARDEN_API_KEY_VAULT_PATH) {
    return {
      kind: "api-key-in-vault",
      path: raw.KEYWARDEN_API_KEY_VAULT_PATH,
      ...(raw.KEYWARDEN_API_KEY_HEADER ? { header: raw.KEYWARDEN_API_KEY_HEADER } : {}),
    };
  }
  if (raw.KEYWARDEN_API_KEY) {
    return {
      kind: "api-key",
      apiKey: raw.KEYWARDEN_API_KEY,
      ...(raw.KEYWARDEN_API_KEY_HEADER ? { header: raw.KEYWARDEN_API_KEY_HEADER } : {}),
    };
  }
  if (raw.KEYWARDEN_USERNAME && raw.KEYWARDEN_PASSWORD) {
    return { kind: "credentials", username: raw.KEYWARDEN_USERNAME, password: raw.KEYWARDEN_PASSWORD };
  }
  if (raw.KEYWARDEN_USERNAME) problems.push("KEYWARDEN_PASSWORD is required with KEYWARDEN_USERNAME");
  else if (raw.KEYWARDEN_PASSWORD) problems.push("KEYWARDEN_USERNAME is required with KEYWARDEN_PASSWORD");
  else {
    problems.push(
      "Set KEYWARDEN_API_KEY_VAULT_PATH (the rotator's key in Vault, rotated like any other), KEYWARDEN_API_KEY, or KEYWARDEN_USERNAME and KEYWARDEN_PASSWORD",
    );
  }
  return undefined;
}
