import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pickKeywardenAuth } from "../../src/config/credentials.js";
import { loadPolicyFile, readSettingsFile, stringValues } from "../../src/config/files.js";
import { describeIssue, rawSchema } from "../../src/config/schema.js";
import * as rotator from "../../src/index.js";

const credentials = {
  KEYWARDEN_USERNAME: undefined,
  KEYWARDEN_PASSWORD: undefined,
  KEYWARDEN_API_KEY: undefined,
  KEYWARDEN_API_KEY_VAULT_PATH: undefined,
};

describe("config parts, each usable on its own", () => {
  it("the package still exports the same configuration API", () => {
    expect(typeof rotator.loadConfig).toBe("function");
    expect(new rotator.ConfigError(["x"])).toBeInstanceOf(Error);
    expect(rotator.SECRET_SETTINGS).toContain("VAULT_TOKEN");
  });

  it("schema: one message per field, prefixed with its name when zod wrote it", () => {
    const parsed = rawSchema.safeParse({
      KEYWARDEN_URL: "https://h",
      VAULT_ADDR: "https://v",
      KEYWARDEN_ATTEMPTS: "x",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map(describeIssue)).toEqual(["KEYWARDEN_ATTEMPTS must be a number"]);
  });

  it("credentials: pairs logins and says which half is missing", () => {
    const problems: string[] = [];
    expect(pickKeywardenAuth({ ...credentials, KEYWARDEN_PASSWORD: "p" }, problems)).toBeUndefined();
    expect(problems).toEqual(["KEYWARDEN_USERNAME is required with KEYWARDEN_PASSWORD"]);
  });

  it("files: reads settings as strings, and policy rules with durations", () => {
    const dir = mkdtempSync(join(tmpdir(), "kw-config-parts-"));
    const settings = join(dir, "s.yaml");
    writeFileSync(settings, "KEYWARDEN_CONCURRENCY: 9\nKEYWARDEN_RATE_LIMIT: null\n");
    const problems: string[] = [];
    expect(stringValues(readSettingsFile(settings, "KEYWARDEN_CONFIG_FILE", problems))).toEqual({
      KEYWARDEN_CONCURRENCY: "9",
    });
    const policies = join(dir, "p.json");
    writeFileSync(policies, JSON.stringify({ policies: [{ match: "a-*", window: "2d" }] }));
    expect(loadPolicyFile(policies, problems)).toEqual([{ match: "a-*", window: 2 * 86_400_000 }]);
    expect(problems).toEqual([]);
  });
});
