import { describe, expect, it } from "vitest";
import { parseCliOptions } from "../../src/server/cli-options.js";

describe("CLI options", () => {
  it("defaults to 127.0.0.1:4010, documented profile, admin routes on loopback", () => {
    expect(parseCliOptions([])).toMatchObject({
      port: 4010,
      host: "127.0.0.1",
      profile: "documented",
      users: [],
      admin: true,
      trustProxy: false,
      quiet: false,
    });
  });

  it("ignores the `--` that `pnpm mock -- --port 5000` passes through", () => {
    expect(parseCliOptions(["--", "--port", "5000"]).port).toBe(5000);
  });

  it("reads flags, repeatable --user with permissions, and turns admin off off-loopback", () => {
    const options = parseCliOptions([
      "--port",
      "0",
      "--host",
      "0.0.0.0",
      "--profile",
      "utmstack-v11",
      "--user",
      "ci:s3cret:api.key.view,api.key.create",
      "--user",
      "ops:pw",
      "--seed",
      "seed.json",
      "--key-limit",
      "25",
    ]);
    expect(options).toMatchObject({
      port: 0,
      host: "0.0.0.0",
      profile: "utmstack-v11",
      admin: false,
      seedFile: "seed.json",
      keyLimit: 25,
    });
    expect(options.users).toEqual([
      { login: "ci", password: "s3cret", permissions: ["api.key.view", "api.key.create"] },
      { login: "ops", password: "pw" },
    ]);
    expect(parseCliOptions(["--host", "0.0.0.0", "--admin"]).admin).toBe(true);
    expect(parseCliOptions(["--no-admin"]).admin).toBe(false);
  });

  it("takes KEYWARDEN_MOCK_* environment variables, flags winning", () => {
    const env = {
      KEYWARDEN_MOCK_PORT: "5000",
      KEYWARDEN_MOCK_PROFILE: "utmstack-v11",
      KEYWARDEN_MOCK_USERS: "a:aaaa b:bbbb:api.key.view",
      KEYWARDEN_MOCK_TRUST_PROXY: "1",
    };
    const options = parseCliOptions(["--port", "6000"], env);
    expect(options).toMatchObject({ port: 6000, profile: "utmstack-v11", trustProxy: true });
    expect(options.users.map((user) => user.login)).toEqual(["a", "b"]);
  });

  it.each([
    [["--port", "70000"], "--port must be an integer from 0 to 65535"],
    [["--profile", "prod"], '--profile must be one of documented, utmstack-v11, got "prod"'],
    [["--user", "nopassword"], '--user "nopassword" must look like name:password'],
    [["--user", "a:b:api.key.fly"], "unknown permission(s) api.key.fly"],
    [["--bogus"], "Unknown option '--bogus'"],
  ])("refuses %j saying what is wrong", (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(message);
  });
});
