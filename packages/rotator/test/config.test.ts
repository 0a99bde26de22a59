import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { minimalEnv as minimal, problemsOf } from "./support/config-env.js";

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "kw-config-")), name);
  writeFileSync(path, text);
  return path;
}

describe("loadConfig", () => {
  it("refuses a duration without a unit (but 0): KEYWARDEN_ROTATE_WITHIN=7 meant days, not 7 ms", () => {
    expect(problemsOf({ ...minimal, KEYWARDEN_ROTATE_WITHIN: "7", KEYWARDEN_BACKOFF: "2000" })).toEqual([
      'KEYWARDEN_ROTATE_WITHIN needs a unit, e.g. "7s", "7m", "7h" or "7d" (got "7", which would be 7 milliseconds)',
      'KEYWARDEN_BACKOFF needs a unit, e.g. "2000s", "2000m", "2000h" or "2000d" (got "2000", which would be 2000 milliseconds)',
    ]);
    expect(loadConfig({ ...minimal, KEYWARDEN_GRACE_PERIOD: "0", KEYWARDEN_BACKOFF: "500ms" })).toMatchObject(
      {
        gracePeriod: 0,
        backoffMs: 500,
      },
    );
  });

  it("fills every default from a minimal environment", () => {
    expect(loadConfig(minimal)).toMatchObject({
      keywarden: { url: "https://utm.example.com", auth: { kind: "api-key" }, retireOldKeys: "revoke" },
      vault: { auth: { kind: "token" }, kvMount: "secret", pathTemplate: "keywarden/{name}" },
      redisUrl: "redis://127.0.0.1:6379",
      queuePrefix: "{keywarden}",
      schedule: "*/15 * * * *",
      rotateWithin: 7 * 86_400_000,
      gracePeriod: 0,
      concurrency: 4,
      attempts: 8,
      metricsPort: 9464,
      metricsHost: "0.0.0.0",
      logLevel: "info",
      policies: [],
    });
  });

  it("reads credentials, AppRole, durations and numbers", () => {
    const config = loadConfig({
      ...minimal,
      KEYWARDEN_API_KEY: undefined,
      KEYWARDEN_USERNAME: "admin",
      KEYWARDEN_PASSWORD: "pw",
      VAULT_TOKEN: "",
      VAULT_ROLE_ID: "role",
      VAULT_SECRET_ID: "sid",
      KEYWARDEN_ROTATE_WITHIN: "14d",
      KEYWARDEN_GRACE_PERIOD: "1h30m",
      KEYWARDEN_CONCURRENCY: "16",
      KEYWARDEN_RATE_LIMIT: "50",
      KEYWARDEN_SCHEDULE: "0 3 * * *",
    });
    expect(config.keywarden.auth).toEqual({ kind: "credentials", username: "admin", password: "pw" });
    expect(config.vault.auth).toEqual({ kind: "approle", roleId: "role", secretId: "sid", mount: "approle" });
    expect(config).toMatchObject({
      rotateWithin: 14 * 86_400_000,
      gracePeriod: 5_400_000,
      concurrency: 16,
      rateLimit: 50,
      schedule: "0 3 * * *",
    });
  });

  it("reports one clear line per bad or missing value", () => {
    const problems = problemsOf({
      KEYWARDEN_RETIRE_OLD_KEYS: "shred",
      KEYWARDEN_SCHEDULE: "every day",
      KEYWARDEN_ROTATE_WITHIN: "soon",
      KEYWARDEN_CONCURRENCY: "0",
      KEYWARDEN_LOG_LEVEL: "loud",
      KEYWARDEN_METRICS_PORT: "70000",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "KEYWARDEN_URL is required",
        "VAULT_ADDR is required, e.g. https://vault.example.com:8200",
        expect.stringMatching(/^KEYWARDEN_SCHEDULE is not a valid cron pattern/),
        'KEYWARDEN_ROTATE_WITHIN must be a duration like "30s", "15m", "7d" (got "soon")',
        "KEYWARDEN_CONCURRENCY must be > 0",
        'KEYWARDEN_RETIRE_OLD_KEYS must be "revoke" or "delete"',
        expect.stringMatching(/^KEYWARDEN_LOG_LEVEL must be one of/),
        "KEYWARDEN_METRICS_PORT must be 0 (off) to 65535",
      ]),
    );
  });

  it("says which credential is missing", () => {
    expect(problemsOf({ ...minimal, KEYWARDEN_API_KEY: undefined })).toEqual([
      "Set KEYWARDEN_API_KEY_VAULT_PATH (the rotator's key in Vault, rotated like any other), KEYWARDEN_API_KEY, or KEYWARDEN_USERNAME and KEYWARDEN_PASSWORD",
    ]);
    expect(problemsOf({ ...minimal, KEYWARDEN_API_KEY_VAULT_PATH: "keywarden/rotator" })).toEqual([
      "Set only one way to log in to the key service (got KEYWARDEN_API_KEY_VAULT_PATH and KEYWARDEN_API_KEY)",
    ]);
    expect(problemsOf({ ...minimal, KEYWARDEN_API_KEY: undefined, KEYWARDEN_USERNAME: "x" })).toEqual([
      "KEYWARDEN_PASSWORD is required with KEYWARDEN_USERNAME",
    ]);
    expect(problemsOf({ ...minimal, VAULT_TOKEN: undefined, VAULT_ROLE_ID: "r" })).toEqual([
      "VAULT_SECRET_ID is required with VAULT_ROLE_ID",
    ]);
  });

  it("never repeats a secret's value in its messages", () => {
    const error = (() => {
      try {
        loadConfig({
          ...minimal,
          KEYWARDEN_URL: "hvs.secret-token-456",
          KEYWARDEN_API_KEY_HEADER: "kw-secret-value-123",
        });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toMatch(/KEYWARDEN_URL must be a URL/);
    expect(error?.message).not.toContain("hvs.secret-token-456");
    expect(error?.message).not.toContain("kw-secret-value-123");
  });

  it("refuses a user name or password in KEYWARDEN_URL and VAULT_ADDR without repeating them", () => {
    const problems = problemsOf({
      ...minimal,
      KEYWARDEN_URL: "http://user:pw123@host",
      VAULT_ADDR: "https://vaultuser:vpw456@vault.example.com:8200",
    });
    expect(problems).toEqual([
      "KEYWARDEN_URL must not contain a user name or password (the value is not shown); set KEYWARDEN_API_KEY_VAULT_PATH, KEYWARDEN_API_KEY, or KEYWARDEN_USERNAME and KEYWARDEN_PASSWORD",
      "VAULT_ADDR must not contain a user name or password (the value is not shown); set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID",
    ]);
    const text = problems.join("\n");
    for (const secret of ["pw123", "vpw456", "user"]) expect(text).not.toContain(`${secret}@`);
    expect(text).not.toContain("pw123");
    expect(text).not.toContain("vpw456");
  });

  it("requires http(s) for the key service and Vault, and redis:// or rediss:// for Redis", () => {
    expect(
      problemsOf({
        ...minimal,
        KEYWARDEN_URL: "ftp://utm.example.com",
        VAULT_ADDR: "vault.example.com:8200",
        REDIS_URL: "http://x",
      }),
    ).toEqual([
      "KEYWARDEN_URL must start with http:// or https://",
      "REDIS_URL must start with redis:// or rediss://",
      "VAULT_ADDR must start with http:// or https://",
    ]);
    expect(problemsOf({ ...minimal, REDIS_URL: "127.0.0.1:6379" })).toEqual([
      "REDIS_URL must be a URL (e.g. redis://127.0.0.1:6379)",
    ]);
    // A Redis password belongs in its URL; TLS Redis too.
    expect(loadConfig({ ...minimal, REDIS_URL: "rediss://:pw@redis.example.com:6380/1" }).redisUrl).toBe(
      "rediss://:pw@redis.example.com:6380/1",
    );
  });

  it("does not quote a settings file's text when it cannot be parsed (it may hold a password)", () => {
    const json = tempFile("rotator.json", '{"KEYWARDEN_PASSWORD": hunter2-json}');
    const yaml = tempFile("rotator.yaml", 'KEYWARDEN_PASSWORD: "hunter2-yaml\nX: [');
    const [jsonProblem] = problemsOf({ ...minimal, KEYWARDEN_CONFIG_FILE: json });
    const [yamlProblem] = problemsOf({ ...minimal, KEYWARDEN_CONFIG_FILE: yaml });
    expect(jsonProblem).toMatch(/^KEYWARDEN_CONFIG_FILE: cannot read .*rotator\.json \(not valid JSON/);
    expect(yamlProblem).toMatch(
      /^KEYWARDEN_CONFIG_FILE: cannot read .*rotator\.yaml \(not valid YAML at line \d+, column \d+\)$/,
    );
    expect(`${jsonProblem}${yamlProblem}`).not.toContain("hunter2");
  });

  it("reads a YAML config file, with the environment taking precedence", () => {
    const file = tempFile(
      "rotator.yaml",
      "KEYWARDEN_URL: https://from-file.example\nKEYWARDEN_CONCURRENCY: 9\nVAULT_KV_MOUNT: kv\n",
    );
    const config = loadConfig({
      ...minimal,
      KEYWARDEN_URL: undefined,
      KEYWARDEN_CONFIG_FILE: file,
      KEYWARDEN_CONCURRENCY: "3",
    });
    expect(config).toMatchObject({
      keywarden: { url: "https://from-file.example" },
      concurrency: 3,
      vault: { kvMount: "kv" },
    });
  });

  it("reads per-key policies from KEYWARDEN_POLICY_FILE and refuses unknown fields", () => {
    const good = tempFile(
      "policies.json",
      JSON.stringify({
        policies: [
          { match: "billing-*", window: "14d", gracePeriod: "10m", path: "apps/{name}" },
          { match: "legacy-*", skip: true },
        ],
      }),
    );
    expect(loadConfig({ ...minimal, KEYWARDEN_POLICY_FILE: good }).policies).toEqual([
      { match: "billing-*", window: 14 * 86_400_000, gracePeriod: 600_000, path: "apps/{name}" },
      { match: "legacy-*", skip: true },
    ]);
    const bad = tempFile("policies.yaml", "policies:\n  - match: x\n    windw: 3d\n");
    expect(problemsOf({ ...minimal, KEYWARDEN_POLICY_FILE: bad })[0]).toMatch(
      /^KEYWARDEN_POLICY_FILE policies\.0/,
    );
    expect(problemsOf({ ...minimal, KEYWARDEN_POLICY_FILE: "/nonexistent/p.yaml" })[0]).toMatch(
      /^KEYWARDEN_POLICY_FILE: cannot read/,
    );
  });

  it("reads a policy's authorizationGroup, refusing a name the contract does not allow and a misspelt field", () => {
    const good = tempFile("groups.yaml", "policies:\n  - match: ci-*\n    authorizationGroup: search-only\n");
    expect(loadConfig({ ...minimal, KEYWARDEN_POLICY_FILE: good }).policies).toEqual([
      { match: "ci-*", authorizationGroup: "search-only" },
    ]);
    const bad = tempFile(
      "bad-groups.json",
      JSON.stringify({
        policies: [
          { match: "a", authorizationGroup: "search only" },
          { match: "b", authorizationGroup: null },
          { match: "c", authorisationGroup: "read-only" },
        ],
      }),
    );
    const problems = problemsOf({ ...minimal, KEYWARDEN_POLICY_FILE: bad });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      /^KEYWARDEN_POLICY_FILE policies\.0\.authorizationGroup: authorizationGroup must be a group name like "search-only"/,
    );
    expect(problems[1]).toMatch(/^KEYWARDEN_POLICY_FILE policies\.1\.authorizationGroup: /);
    expect(problems[2]).toMatch(/^KEYWARDEN_POLICY_FILE policies\.2: .*authorisationGroup/);
  });

  it("refuses a policy lifetime under twice its window (the successor would be due again at once)", () => {
    const policies = tempFile(
      "short.json",
      JSON.stringify({
        policies: [
          { match: "ok-*", window: "7d", lifetime: "14d" },
          { match: "short-*", window: "7d", lifetime: "10d" },
          { match: "inherits-*", lifetime: "1d" },
        ],
      }),
    );
    expect(
      problemsOf({ ...minimal, KEYWARDEN_POLICY_FILE: policies, KEYWARDEN_ROTATE_WITHIN: "1d" }),
    ).toEqual([
      "KEYWARDEN_POLICY_FILE policies.1.lifetime (10d) must be at least twice its window (7d): a successor would be due again at once",
      "KEYWARDEN_POLICY_FILE policies.2.lifetime (1d) must be at least twice its window (1d): a successor would be due again at once",
    ]);
  });

  it("reads the self-healing, lease and rate-limit settings, with their defaults", () => {
    expect(loadConfig(minimal)).toMatchObject({
      leaseTtlMs: 90_000,
      retryFailedAfterMs: 3_600_000,
      maxRetryAfterMs: 900_000,
      rateLimitBudgetMs: 3_600_000,
    });
    expect(
      loadConfig({
        ...minimal,
        KEYWARDEN_LEASE_TTL: "2m",
        KEYWARDEN_RETRY_FAILED_AFTER: "10m",
        KEYWARDEN_MAX_RETRY_AFTER: "1m",
        KEYWARDEN_RATE_LIMIT_BUDGET: "30m",
      }),
    ).toMatchObject({
      leaseTtlMs: 120_000,
      retryFailedAfterMs: 600_000,
      maxRetryAfterMs: 60_000,
      rateLimitBudgetMs: 1_800_000,
    });
    expect(problemsOf({ ...minimal, KEYWARDEN_LEASE_TTL: "10ms" })).toEqual([
      "KEYWARDEN_LEASE_TTL must be at least 1s",
    ]);
    // The claim must outlive a request's whole deadline.
    expect(problemsOf({ ...minimal, KEYWARDEN_LEASE_TTL: "30s" })).toEqual([
      "KEYWARDEN_LEASE_TTL (30s) must be at least KEYWARDEN_CONNECT_TIMEOUT + KEYWARDEN_REQUEST_TIMEOUT (40s): a change that passed its check must land while the claim holds",
    ]);
  });
});
