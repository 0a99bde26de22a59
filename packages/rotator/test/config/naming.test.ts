/**
 * One test per naming rule of the settings: typos warned about in the environment and refused in
 * the settings file, each with the closest valid name; old names read with a warning (the new one
 * winning when both are set); and where the metrics server binds (the VAULT_* rules: vault-settings.test.ts).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { editDistance } from "../../src/config/distance.js";
import { closestSetting, unknownEnvironmentNames } from "../../src/config/names.js";
import {
  type ConfigWarning,
  loadConfigWithWarnings,
  RENAMED_SETTINGS,
  SETTING_NAMES,
} from "../../src/config.js";
import { minimalEnv as minimal, problemsOf } from "../support/config-env.js";

function settingsFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "kw-naming-")), name);
  writeFileSync(path, text);
  return path;
}

const warningsOf = (env: Record<string, string | undefined>): readonly ConfigWarning[] =>
  loadConfigWithWarnings(env).warnings;

describe("the settings' names", () => {
  it("follow one rule: the rotator's own carry KEYWARDEN_, Vault's and Redis's keep theirs", () => {
    const foreign = SETTING_NAMES.filter((name) => !name.startsWith("KEYWARDEN_"));
    expect(foreign.every((name) => /^(VAULT|REDIS)_/.test(name))).toBe(true);
    for (const [old, current] of Object.entries(RENAMED_SETTINGS)) {
      expect(current).toBe(`KEYWARDEN_${old}`);
      expect(SETTING_NAMES).toContain(current);
    }
  });

  it("a typo of a KEYWARDEN_ name in the environment is warned about, with the closest valid name", () => {
    const { config, warnings } = loadConfigWithWarnings({ ...minimal, KEYWARDEN_QUEUE_PREFX: "{team-a}" });
    expect(config.queuePrefix).toBe("{keywarden}");
    expect(warnings).toEqual([
      {
        kind: "unknown",
        setting: "KEYWARDEN_QUEUE_PREFX",
        use: "KEYWARDEN_QUEUE_PREFIX",
        message:
          "KEYWARDEN_QUEUE_PREFX is not a keywarden-rotator setting and is ignored; did you mean KEYWARDEN_QUEUE_PREFIX?",
      },
    ]);
    // A swap of two letters, a Vault name under our prefix, a near-miss of a Vault or Redis name.
    expect(
      warningsOf({
        ...minimal,
        KEYWARDEN_SHCEDULE: "0 3 * * *",
        KEYWARDEN_VAULT_ADDR: "https://v",
        VAULT_CA_CERT: "/ca.pem",
        REDIS_URI: "redis://r:6379",
        KEYWARDEN_NOTHING_LIKE_IT: "1",
      }).map((warning) => [warning.setting, warning.use]),
    ).toEqual([
      ["KEYWARDEN_SHCEDULE", "KEYWARDEN_SCHEDULE"],
      ["KEYWARDEN_VAULT_ADDR", "VAULT_ADDR"],
      ["VAULT_CA_CERT", "VAULT_CACERT"],
      ["REDIS_URI", "REDIS_URL"],
      ["KEYWARDEN_NOTHING_LIKE_IT", undefined],
    ]);
    // Other programs' variables are theirs: Vault's CLI, other Redis clients, the mock server, the shell.
    expect(
      warningsOf({
        ...minimal,
        VAULT_FORMAT: "json",
        VAULT_CAPATH: "/etc/ssl",
        VAULT_CLIENT_TIMEOUT: "60s",
        REDIS_HOST: "r",
        REDIS_PORT: "6379",
        KEYWARDEN_MOCK_PORT: "4010",
        PATH: "/usr/bin",
        QUEUE_PREFX: "x",
      }),
    ).toEqual([]);
  });

  it("a typo in the settings file is refused (exit code 2), one line each with the closest valid name", async () => {
    const file = settingsFile(
      "rotator.yaml",
      "KEYWARDEN_QUEUE_PREFX: '{team-a}'\nqueue-prefix: '{team-b}'\nCONCURENCY: 2\nKEYWARDEN_CONCURRENCY: 3\n",
    );
    expect(problemsOf({ ...minimal, KEYWARDEN_CONFIG_FILE: file })).toEqual([
      `KEYWARDEN_CONFIG_FILE: unknown setting KEYWARDEN_QUEUE_PREFX in ${file}; did you mean KEYWARDEN_QUEUE_PREFIX?`,
      `KEYWARDEN_CONFIG_FILE: unknown setting queue-prefix in ${file}; did you mean KEYWARDEN_QUEUE_PREFIX?`,
      `KEYWARDEN_CONFIG_FILE: unknown setting CONCURENCY in ${file}; did you mean KEYWARDEN_CONCURRENCY?`,
    ]);
    const lines: string[] = [];
    const code = await main(
      ["plan"],
      { ...minimal, KEYWARDEN_CONFIG_FILE: file },
      () => {},
      (text) => lines.push(text),
    );
    expect(code).toBe(2);
    expect(lines.join("\n")).toContain("did you mean KEYWARDEN_QUEUE_PREFIX?");
  });

  it("an unknown key in the settings file is refused, and one that is no name is not quoted", () => {
    const file = settingsFile(
      "rotator.json",
      JSON.stringify({
        vault: { addr: "https://v" },
        "KEYWARDEN_PASSWORD=hunter2": true,
        KEYWARDEN_CONFIG_FILE: "/etc/other.yaml",
        KEYWARDEN_CONCURRENCY: 3,
      }),
    );
    const problems = problemsOf({ ...minimal, KEYWARDEN_CONFIG_FILE: file });
    expect(problems).toEqual([
      `KEYWARDEN_CONFIG_FILE: unknown setting vault in ${file}; see keywarden-rotator --help for the settings`,
      `KEYWARDEN_CONFIG_FILE: ${file} has a key that is not a setting name (the key is not shown)`,
      `KEYWARDEN_CONFIG_FILE: ${file} sets KEYWARDEN_CONFIG_FILE; a settings file cannot name another, remove it`,
    ]);
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("an old name still works, with one warning naming the new one; with both set the new one wins and the warning says so", () => {
    const old = loadConfigWithWarnings({ ...minimal, QUEUE_PREFIX: "{team-a}", CONCURRENCY: "2" });
    expect(old.config).toMatchObject({ queuePrefix: "{team-a}", concurrency: 2 });
    expect(old.warnings).toEqual([
      {
        kind: "deprecated",
        setting: "QUEUE_PREFIX",
        use: "KEYWARDEN_QUEUE_PREFIX",
        message:
          "QUEUE_PREFIX is deprecated, use KEYWARDEN_QUEUE_PREFIX (QUEUE_PREFIX is still read from the environment until the next minor version)",
      },
      expect.objectContaining({ kind: "deprecated", setting: "CONCURRENCY", use: "KEYWARDEN_CONCURRENCY" }),
    ]);

    const both = loadConfigWithWarnings({
      ...minimal,
      QUEUE_PREFIX: "{old}",
      KEYWARDEN_QUEUE_PREFIX: "{new}",
    });
    expect(both.config.queuePrefix).toBe("{new}");
    expect(both.warnings.map((warning) => warning.message)).toEqual([
      "QUEUE_PREFIX is deprecated, use KEYWARDEN_QUEUE_PREFIX; both names are set in the environment: KEYWARDEN_QUEUE_PREFIX wins, QUEUE_PREFIX is ignored",
    ]);

    // The settings file takes the same names, old ones included; one warning per old name used.
    const file = settingsFile("rotator.yaml", "QUEUE_PREFIX: '{file-old}'\nSCHEDULE: '0 3 * * *'\n");
    const fromFile = loadConfigWithWarnings({ ...minimal, CONFIG_FILE: file, QUEUE_PREFIX: "{env-old}" });
    expect(fromFile.config).toMatchObject({ queuePrefix: "{env-old}", schedule: "0 3 * * *" });
    expect(fromFile.warnings.map((warning) => warning.setting)).toEqual([
      "CONFIG_FILE",
      "QUEUE_PREFIX",
      "SCHEDULE",
    ]);
    expect(fromFile.warnings[1]?.message).toBe(
      "QUEUE_PREFIX is deprecated, use KEYWARDEN_QUEUE_PREFIX (QUEUE_PREFIX is still read from the environment and the settings file until the next minor version)",
    );

    // The environment still wins over the file, whichever name each uses, and the warning says so.
    const newInFile = settingsFile("new.yaml", "KEYWARDEN_QUEUE_PREFIX: '{file-new}'\n");
    const envOld = loadConfigWithWarnings({
      ...minimal,
      KEYWARDEN_CONFIG_FILE: newInFile,
      QUEUE_PREFIX: "{env}",
    });
    expect(envOld.config.queuePrefix).toBe("{env}");
    expect(envOld.warnings[0]?.message).toContain(
      "the environment wins, so its QUEUE_PREFIX overrides KEYWARDEN_QUEUE_PREFIX from the settings file",
    );

    // A bad value under an old name in the settings file (the rotator's own) is reported under the
    // name the operator wrote.
    const oldInFile = settingsFile("old-bad.yaml", "CONCURRENCY: 0\n");
    expect(problemsOf({ ...minimal, KEYWARDEN_CONFIG_FILE: oldInFile })).toEqual([
      "CONCURRENCY (renamed KEYWARDEN_CONCURRENCY) must be > 0",
    ]);
  });

  it("an old name in the environment with a value its setting cannot take is another program's: ignored, with a warning", () => {
    const loaded = loadConfigWithWarnings({
      ...minimal,
      LOG_LEVEL: "DEBUG",
      SCHEDULE: "daily",
      CONCURRENCY: "3",
    });
    expect(loaded.config).toMatchObject({ logLevel: "info", schedule: "*/15 * * * *", concurrency: 3 });
    expect(loaded.warnings.map((warning) => warning.message)).toEqual([
      "CONCURRENCY is deprecated, use KEYWARDEN_CONCURRENCY (CONCURRENCY is still read from the environment until the next minor version)",
      "SCHEDULE (the old name of KEYWARDEN_SCHEDULE) holds a value KEYWARDEN_SCHEDULE cannot take: ignored, as another program's variable; set KEYWARDEN_SCHEDULE to configure the rotator",
      "LOG_LEVEL (the old name of KEYWARDEN_LOG_LEVEL) holds a value KEYWARDEN_LOG_LEVEL cannot take: ignored, as another program's variable; set KEYWARDEN_LOG_LEVEL to configure the rotator",
    ]);
    // with the settings file's value under the current name, that one applies
    const file = settingsFile("level.yaml", "KEYWARDEN_LOG_LEVEL: warn\n");
    expect(
      loadConfigWithWarnings({ ...minimal, KEYWARDEN_CONFIG_FILE: file, LOG_LEVEL: "DEBUG" }).config.logLevel,
    ).toBe("warn");
  });

  it("KEYWARDEN_METRICS_HOST: all interfaces by default, an address or host name, never a URL", () => {
    expect(loadConfigWithWarnings(minimal).config.metricsHost).toBe("0.0.0.0");
    const host = (value: string) =>
      loadConfigWithWarnings({ ...minimal, KEYWARDEN_METRICS_HOST: value }).config;
    expect(host("127.0.0.1").metricsHost).toBe("127.0.0.1");
    expect(host("[::1]").metricsHost).toBe("::1");
    expect(host("metrics.internal").metricsHost).toBe("metrics.internal");
    for (const bad of ["http://u:secret@127.0.0.1:9464", "127.0.0.1:9464", "two words"]) {
      const problems = problemsOf({ ...minimal, KEYWARDEN_METRICS_HOST: bad });
      expect(problems).toEqual([
        expect.stringMatching(/^KEYWARDEN_METRICS_HOST must be an IP address or host name/),
      ]);
      expect(problems.join("")).not.toContain("secret");
    }
  });
});

describe("closest names", () => {
  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("SCHEDULE", "SHCEDULE")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("ignores case, separators and the prefix, and suggests nothing far off", () => {
    expect(closestSetting("keywarden-log-level")).toBe("KEYWARDEN_LOG_LEVEL");
    expect(closestSetting("LOG_LEVL")).toBe("KEYWARDEN_LOG_LEVEL");
    expect(closestSetting("KEYWARDEN_URI")).toBe("KEYWARDEN_URL");
    expect(closestSetting("KEYWARDEN_SOMETHING_ELSE")).toBeUndefined();
    // the prefix matches itself: only the rest counts (KEYWARDEN_FOO is 3 edits from KEYWARDEN_URL)
    expect(closestSetting("KEYWARDEN_FOO")).toBeUndefined();
  });

  it("takes an OTEL_ name one edit away from one tracing reads for a typo", () => {
    const warnings = unknownEnvironmentNames([
      "OTEL_EXPORTER_OTLP_ENDPOINTS",
      "OTEL_SDK_DISABLE",
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "OTEL_LOGS_EXPORTER",
    ]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      "OTEL_EXPORTER_OTLP_ENDPOINTS is not read by keywarden-rotator's tracing; did you mean OTEL_EXPORTER_OTLP_ENDPOINT?",
      "OTEL_SDK_DISABLE is not read by keywarden-rotator's tracing; did you mean OTEL_SDK_DISABLED?",
    ]);
  });
});
