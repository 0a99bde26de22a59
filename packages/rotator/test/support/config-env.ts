import { ConfigError, loadConfig } from "../../src/config.js";

/** The smallest environment `loadConfig` accepts (API key and Vault token auth). */
export const minimalEnv = {
  KEYWARDEN_URL: "https://utm.example.com",
  KEYWARDEN_API_KEY: "kw-secret-value-123",
  VAULT_ADDR: "https://vault.example.com:8200",
  VAULT_TOKEN: "hvs.secret-token-456",
};

/** The problems `loadConfig` reports for `env`; throws when it reports none. */
export function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
