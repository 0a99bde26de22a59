import { parseArgs } from "node:util";
import type { UserSeed } from "../auth/users.js";
import { PROFILE_NAMES, type ProfileName } from "../http/profiles/index.js";
import { parseUserFlag } from "../store/seed.js";

/**
 * Users of a mock started without `--user`: `admin`/`admin`, and the `demo`/`your_password` that
 * UTMStack's documented curl examples (seed 001) log in with, so those run exactly as written.
 */
export const DEFAULT_CLI_USERS: readonly UserSeed[] = [
  { login: "admin", password: "admin" },
  { login: "demo", password: "your_password" },
];

/** What the CLI was asked for, after flags and environment are merged (flags win). */
export interface CliOptions {
  port: number;
  host: string;
  profile: ProfileName;
  seedFile?: string;
  /** `--version`: print the version and exit. */
  version: boolean;
  users: UserSeed[];
  admin: boolean;
  trustProxy: boolean;
  keyLimit?: number;
  /** Usage-log documents kept (the oldest go first). */
  usageLogLimit?: number;
  /** Also serve the Vault emulation on this port (it is always on the main port too). */
  vaultPort?: number;
  quiet: boolean;
  help: boolean;
}

/** The CLI's usage text. */
export const USAGE = `Usage: keywarden-mock [options]

  --port <n>             port to listen on (env KEYWARDEN_MOCK_PORT, default 4010; 0 = any free port)
  --host <addr>          interface to bind (env KEYWARDEN_MOCK_HOST, default 127.0.0.1)
  --profile <name>       ${PROFILE_NAMES.join(" | ")} (env KEYWARDEN_MOCK_PROFILE, default documented)
  --seed <file.json>     seed users, keys (with known secrets) and alerts (env KEYWARDEN_MOCK_SEED)
  --user <n:p[:perms]>   a user, e.g. ci:s3cret:api.key.view,api.key.create; repeatable (env
                         KEYWARDEN_MOCK_USERS, space-separated), beside the seed file's users. With
                         neither: admin:admin and demo:your_password (the seed's curl examples), each
                         with every permission
  --key-limit <n>        active keys allowed per user (env KEYWARDEN_MOCK_KEY_LIMIT, default 10)
  --usage-log-limit <n>  usage-log documents kept, the oldest dropped first (env
                         KEYWARDEN_MOCK_USAGE_LOG_LIMIT, default 10000)
  --trust-proxy          take the caller's address from X-Forwarded-For (env KEYWARDEN_MOCK_TRUST_PROXY=1)
  --admin / --no-admin   serve /__mock/* controls (default: on when bound to loopback)
  --vault-port <n>       also serve the Vault emulation on its own port, e.g. 8200 (env
                         KEYWARDEN_MOCK_VAULT_PORT); it always answers on --port too
  --quiet                no per-request log lines
  --version              print the version and exit
  --help                 this text`;

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** Whether an address to bind reaches this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

/**
 * Reads CLI flags and `KEYWARDEN_MOCK_*` environment variables.
 * @throws {TypeError} saying which flag is wrong and what it takes.
 */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const { values } = parseArgs({
    // `pnpm mock -- --port 5000` passes the `--` through: flags after it are still ours.
    args: argv[0] === "--" ? argv.slice(1) : argv,
    strict: true,
    allowNegative: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      profile: { type: "string" },
      seed: { type: "string" },
      user: { type: "string", multiple: true },
      "key-limit": { type: "string" },
      "usage-log-limit": { type: "string" },
      "trust-proxy": { type: "boolean" },
      admin: { type: "boolean" },
      "vault-port": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
    },
  });
  const host = values.host ?? env.KEYWARDEN_MOCK_HOST ?? "127.0.0.1";
  const profile = values.profile ?? env.KEYWARDEN_MOCK_PROFILE ?? "documented";
  if (!PROFILE_NAMES.includes(profile as ProfileName)) {
    throw new TypeError(`--profile must be one of ${PROFILE_NAMES.join(", ")}, got "${profile}"`);
  }
  const userFlags = values.user ?? (env.KEYWARDEN_MOCK_USERS?.split(/\s+/).filter(Boolean) || []);
  const keyLimit = values["key-limit"] ?? env.KEYWARDEN_MOCK_KEY_LIMIT;
  const vaultPort = values["vault-port"] ?? env.KEYWARDEN_MOCK_VAULT_PORT;
  const usageLogLimit = values["usage-log-limit"] ?? env.KEYWARDEN_MOCK_USAGE_LOG_LIMIT;
  return {
    port: integer("--port", values.port ?? env.KEYWARDEN_MOCK_PORT ?? "4010", 0, 65535),
    host,
    profile: profile as ProfileName,
    seedFile: values.seed ?? env.KEYWARDEN_MOCK_SEED,
    users: userFlags.map(parseUserFlag),
    admin: values.admin ?? isLoopbackHost(host),
    trustProxy: values["trust-proxy"] ?? ["1", "true"].includes(env.KEYWARDEN_MOCK_TRUST_PROXY ?? ""),
    keyLimit: keyLimit === undefined ? undefined : integer("--key-limit", keyLimit, 1, 1_000_000),
    usageLogLimit:
      usageLogLimit === undefined ? undefined : integer("--usage-log-limit", usageLogLimit, 1, 10_000_000),
    vaultPort: vaultPort === undefined ? undefined : integer("--vault-port", vaultPort, 0, 65535),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/**
 * Who may log in: the seed file's users and the `--user` ones (a `--user` of the same login wins), or
 * the default users when neither names any. `defaults` says which it was, for the start-up banner.
 */
export function cliUsers(
  seedUsers: readonly UserSeed[] | undefined,
  flagUsers: readonly UserSeed[],
): { users: UserSeed[]; defaults: boolean } {
  const byLogin = new Map<string, UserSeed>();
  for (const user of [...(seedUsers ?? []), ...flagUsers]) byLogin.set(user.login, user);
  return byLogin.size === 0
    ? { users: [...DEFAULT_CLI_USERS], defaults: true }
    : { users: [...byLogin.values()], defaults: false };
}
