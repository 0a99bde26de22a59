/**
 * Every setting of the rotator, read from the environment (and optionally a JSON/YAML file named by
 * `CONFIG_FILE`; the environment wins), validated with zod at start. A bad or missing value gives
 * one clear line each, and a secret's value is never repeated in a message.
 *
 * The parts live in `config/`: `schema.ts` (the settings and their messages), `credentials.ts`
 * (pairing logins), `files.ts` (settings and policy files), `env.ts` (loading), `types.ts`.
 */
export { loadConfig } from "./config/env.js";
export {
  ConfigError,
  type RedisClusterConfig,
  type RotatorConfig,
  SECRET_SETTINGS,
} from "./config/types.js";
