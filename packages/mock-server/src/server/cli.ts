import { createRequire } from "node:module";
import type { UserSeed } from "../auth/users.js";
import { createKeyServiceMock } from "../key-service-mock.js";
import { readSeedFile } from "../store/seed.js";
import { type CliOptions, cliUsers, isLoopbackHost, parseCliOptions, USAGE } from "./cli-options.js";
import { formatLogLine } from "./log-line.js";
import { type RequestLogEntry, startMockServer } from "./node-adapter.js";

/** This package's version, from its package.json (the same file beside the sources and dist/). */
const VERSION = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

/** The banner's lines about who may log in: the default users with their passwords, others without. */
function describeUsers(users: readonly UserSeed[], defaults: boolean): string[] {
  if (defaults) {
    return users.map((user) => `  user:    ${user.login} / ${user.password} (every permission)`);
  }
  return users.map(
    (user) =>
      `  user:    ${user.login} (${(user.permissions ?? ["every permission"]).join(", ")}; password as given)`,
  );
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`keywarden-mock: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.version) {
    console.log(VERSION);
    return;
  }
  const seed = options.seedFile === undefined ? undefined : readSeedFile(options.seedFile);
  const { users, defaults } = cliUsers(seed?.users, options.users);
  const first = users[0] as UserSeed;
  const mock = createKeyServiceMock({
    profile: options.profile,
    ...(seed ? { seed } : {}),
    users,
    admin: options.admin,
    trustProxy: options.trustProxy,
    keyLimit: options.keyLimit,
    usageLogLimit: options.usageLogLimit,
  });
  const onRequestLog = options.quiet
    ? undefined
    : (entry: RequestLogEntry) => console.log(formatLogLine(entry));
  const server = await startMockServer({
    handlers: mock.handlers,
    port: options.port,
    host: options.host,
    onRequestLog,
    now: mock.clock.now,
  });
  // A separate Vault address, as VAULT_ADDR=http://127.0.0.1:8200 expects: the same handlers and
  // state (the key-service routes do not collide with /v1/*), so both ports see one Vault.
  const vaultServer =
    options.vaultPort === undefined
      ? undefined
      : await startMockServer({
          handlers: mock.handlers,
          port: options.vaultPort,
          host: options.host,
          onRequestLog,
          now: mock.clock.now,
        });
  const vaultUrl = vaultServer?.url ?? server.url;
  console.log(
    [
      `keywarden-mock listening on ${server.url} (profile ${options.profile})`,
      ...describeUsers(users, defaults),
      `  login:   curl -X POST ${server.url}/api/authenticate -H 'Content-Type: application/json' -d '{"username":${JSON.stringify(first.login)},"password":${defaults ? JSON.stringify(first.password) : '"<its password>"'}}'`,
      `  vault:   ${vaultUrl}/v1 (root token "root")${vaultServer ? `, also ${server.url}/v1` : ""}`,
      options.admin ? `  control: ${server.url}/__mock/{clock,faults,reset,state,seed}` : "  control: off",
    ].join("\n"),
  );
  if (options.admin && !isLoopbackHost(options.host)) {
    // the controls reset, seed and re-time the mock without any credential
    console.warn(
      [
        "",
        `  !!! WARNING: /__mock/* controls are served on a non-loopback address (${options.host}).`,
        "  !!! Anyone who can reach this port can reset, seed or fault the mock. Use --no-admin unless",
        "  !!! this network is yours alone. (Cross-origin and foreign-Host requests are still refused.)",
        "",
      ].join("\n"),
    );
  }
  const stop = (signal: string) => {
    console.log(`keywarden-mock: ${signal}, stopping`);
    Promise.all([server.close(), vaultServer?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`keywarden-mock: ${(error as Error).message}`);
  process.exit(1);
});
