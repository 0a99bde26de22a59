import { createKeyServiceMock } from "../key-service-mock.js";
import { type CliOptions, DEFAULT_CLI_USERS, parseCliOptions, USAGE } from "./cli-options.js";
import { formatLogLine } from "./log-line.js";
import { startMockServer } from "./node-adapter.js";

function describeUsers(options: CliOptions): string[] {
  if (options.users.length === 0) {
    return DEFAULT_CLI_USERS.map((user) => `  user:    ${user.login} / ${user.password} (every permission)`);
  }
  return options.users.map(
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
  const mock = createKeyServiceMock({
    profile: options.profile,
    seed: options.seedFile,
    users: options.users.length > 0 ? options.users : [...DEFAULT_CLI_USERS],
    admin: options.admin,
    trustProxy: options.trustProxy,
    keyLimit: options.keyLimit,
  });
  const server = await startMockServer({
    handlers: mock.handlers,
    port: options.port,
    host: options.host,
    onRequestLog: options.quiet ? undefined : (entry) => console.log(formatLogLine(entry)),
  });
  console.log(
    [
      `keywarden-mock listening on ${server.url} (profile ${options.profile})`,
      ...describeUsers(options),
      `  login:   curl -X POST ${server.url}/api/authenticate -H 'Content-Type: application/json' -d '{"username":"admin","password":"admin"}'`,
      `  vault:   ${server.url}/v1 (root token "root")`,
      options.admin ? `  control: ${server.url}/__mock/{clock,faults,reset,state,seed}` : "  control: off",
    ].join("\n"),
  );
  const stop = (signal: string) => {
    console.log(`keywarden-mock: ${signal}, stopping`);
    server.close().then(
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
