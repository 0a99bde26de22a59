/**
 * Every setting of the rotator, read from the environment (and optionally a JSON/YAML file named by
 * `KEYWARDEN_CONFIG_FILE`; the environment wins), validated with zod at start. A bad or missing
 * value gives one clear line each, and a secret's value is never repeated in a message. The
 * rotator's own settings carry the `KEYWARDEN_` prefix; Vault's and Redis's keep their own names.
 *
 * The parts live in `config/`: `schema.ts` (the settings and their messages), `names.ts` (the naming
 * rule, old names, unknown names), `credentials.ts` (pairing logins), `vault-tls.ts` (TLS settings
 * against the address), `files.ts` (settings and policy files), `env.ts` (loading), `types.ts`.
 */
export { type LoadedConfig, loadConfig, loadConfigWithWarnings } from "./config/env.js";
export { RENAMED_SETTINGS, SETTING_NAMES } from "./config/names.js";
export {
  ConfigError,
  type ConfigWarning,
  type RedisClusterConfig,
  type RotatorConfig,
  SECRET_SETTINGS,
} from "./config/types.js";
