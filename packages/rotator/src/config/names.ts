/**
 * The naming rule: every setting of the rotator itself carries the `KEYWARDEN_` prefix; `VAULT_*`
 * and `REDIS_*` keep the names their ecosystems use. The environment and the settings file use the
 * same names. Renamed settings are still read under their old names for one minor version, with a
 * warning. A name that is no setting is refused in the settings file (nothing else lives there) but
 * only warned about in the environment, which holds other programs' variables too: there only the
 * `KEYWARDEN_` namespace, and near-misses of the `VAULT_`/`REDIS_` names read here, are checked.
 */
import { VAULT_ENV_NAMES } from "@keywarden/vault";
import { editDistance } from "./distance.js";
import { rawSchema } from "./schema.js";
import type { ConfigWarning } from "./types.js";

/** The setting naming the settings file: environment only (a file cannot name another). */
export const CONFIG_FILE_SETTING = "KEYWARDEN_CONFIG_FILE";

/**
 * Old name → current name. The old names are read, with a warning, until the next minor version;
 * then this table goes and they become unknown names (with the current one suggested).
 */
export const RENAMED_SETTINGS: Readonly<Record<string, string>> = {
  CONFIG_FILE: CONFIG_FILE_SETTING,
  RETIRE_OLD_KEYS: "KEYWARDEN_RETIRE_OLD_KEYS",
  QUEUE_PREFIX: "KEYWARDEN_QUEUE_PREFIX",
  SCHEDULE: "KEYWARDEN_SCHEDULE",
  ROTATE_WITHIN: "KEYWARDEN_ROTATE_WITHIN",
  GRACE_PERIOD: "KEYWARDEN_GRACE_PERIOD",
  CONCURRENCY: "KEYWARDEN_CONCURRENCY",
  RATE_LIMIT: "KEYWARDEN_RATE_LIMIT",
  ATTEMPTS: "KEYWARDEN_ATTEMPTS",
  BACKOFF: "KEYWARDEN_BACKOFF",
  SHUTDOWN_TIMEOUT: "KEYWARDEN_SHUTDOWN_TIMEOUT",
  METRICS_PORT: "KEYWARDEN_METRICS_PORT",
  LOG_LEVEL: "KEYWARDEN_LOG_LEVEL",
  POLICY_FILE: "KEYWARDEN_POLICY_FILE",
  ROTATOR_ADDRESS: "KEYWARDEN_ROTATOR_ADDRESS",
};

/** Whether `name` is the settings file's own setting, under its current or its old name. */
export function namesConfigFile(name: string): boolean {
  return name === CONFIG_FILE_SETTING || RENAMED_SETTINGS[name] === CONFIG_FILE_SETTING;
}

/** Every setting's current name: the schema's, Vault's (read by `@keywarden/vault`), and the settings file's own. */
export const SETTING_NAMES: readonly string[] = [
  ...Object.keys(rawSchema.shape),
  ...VAULT_ENV_NAMES,
  CONFIG_FILE_SETTING,
];

const PREFIX = "KEYWARDEN_";
// The mock server's own settings share the namespace; they are not ours to judge.
const OTHER_KEYWARDEN_PROGRAMS = ["KEYWARDEN_MOCK_"];
// Other programs in the same environment use these namespaces too (Vault's CLI reads VAULT_FORMAT,
// VAULT_CAPATH, ...): only a name one edit away from ours is taken for a typo.
const SHARED_NAMESPACES = ["VAULT_", "REDIS_"];
const SHARED_NAMESPACE_DISTANCE = 1;

/**
 * The OpenTelemetry variables tracing reads (`observability/otlp.ts` and the OTLP exporter): set in
 * the environment only, as OpenTelemetry's own convention is. A name one edit away from one of them
 * (`OTEL_EXPORTER_OTLP_ENDPOINTS`, `OTEL_SDK_DISABLE`) is taken for a typo.
 */
export const OTEL_SETTINGS: readonly string[] = [
  "OTEL_SDK_DISABLED",
  "OTEL_SERVICE_NAME",
  "OTEL_RESOURCE_ATTRIBUTES",
  ...["", "TRACES_"].flatMap((signal) =>
    ["ENDPOINT", "HEADERS", "TIMEOUT", "PROTOCOL", "COMPRESSION"].map(
      (what) => `OTEL_EXPORTER_OTLP_${signal}${what}`,
    ),
  ),
];
const otelSettings = new Set(OTEL_SETTINGS);

const current = new Set(SETTING_NAMES);

/** A setting file's or the environment's values, under the current names. */
export interface NamedValues {
  readonly values: Readonly<Record<string, string>>;
  /** For each current name set here, the name it was written as (itself, or its old name). */
  readonly writtenAs: ReadonlyMap<string, string>;
  /** The old names used here, and whether the current name, set here too, won over each. */
  readonly oldNames: ReadonlyMap<string, { readonly ignored: boolean }>;
}

/** Values under the current names; names that are no setting are left out (see the checks below). */
export function toCurrentNames(values: Readonly<Record<string, string>>): NamedValues {
  const named: Record<string, string> = {};
  const writtenAs = new Map<string, string>();
  const oldNames = new Map<string, { ignored: boolean }>();
  for (const [name, value] of Object.entries(values)) {
    if (!current.has(name)) continue;
    named[name] = value;
    writtenAs.set(name, name);
  }
  for (const [name, value] of Object.entries(values)) {
    const renamed = RENAMED_SETTINGS[name];
    if (renamed === undefined) continue;
    // The new name wins: someone who wrote it meant it, the old one is likely a leftover.
    const ignored = writtenAs.has(renamed);
    oldNames.set(name, { ignored });
    if (ignored) continue;
    named[renamed] = value;
    writtenAs.set(renamed, name);
  }
  return { values: named, writtenAs, oldNames };
}

/**
 * One warning per old name used, wherever it was used (the environment, the settings file or both),
 * saying which name to use and which value won.
 */
export function deprecationWarnings(env: NamedValues, file: NamedValues): ConfigWarning[] {
  const sources: readonly (readonly [label: string, values: NamedValues])[] = [
    ["the environment", env],
    ["the settings file", file],
  ];
  const used = [...new Set([...env.oldNames.keys(), ...file.oldNames.keys()])];
  return used.map((old) => {
    const use = RENAMED_SETTINGS[old] as string;
    const read = sources.filter(([, source]) => source.oldNames.get(old)?.ignored === false);
    const ignored = sources.filter(([, source]) => source.oldNames.get(old)?.ignored === true);
    const where = (list: typeof sources) => list.map(([label]) => label).join(" and ");
    let message = `${old} is deprecated, use ${use}`;
    if (read.length > 0)
      message += ` (${old} is still read from ${where(read)} until the next minor version)`;
    if (ignored.length > 0)
      message += `; both names are set in ${where(ignored)}: ${use} wins, ${old} is ignored`;
    if (env.writtenAs.get(use) === old && file.writtenAs.get(use) === use) {
      message += `; the environment wins, so its ${old} overrides ${use} from the settings file`;
    }
    return { kind: "deprecated", setting: old, use, message };
  });
}

/**
 * Environment names that look meant for the rotator but are not read: every unknown `KEYWARDEN_*`
 * name, and names one edit away from a `VAULT_`/`REDIS_` setting. One warning each.
 */
export function unknownEnvironmentNames(names: Iterable<string>): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  for (const name of names) {
    if (current.has(name) || RENAMED_SETTINGS[name] !== undefined) continue;
    const upper = name.toUpperCase();
    if (OTHER_KEYWARDEN_PROGRAMS.some((prefix) => upper.startsWith(prefix))) continue;
    if (upper.startsWith(PREFIX)) {
      const use = closestSetting(name);
      warnings.push({
        kind: "unknown",
        setting: name,
        ...(use ? { use } : {}),
        message: `${name} is not a keywarden-rotator setting and is ignored; ${use ? `did you mean ${use}?` : "see keywarden-rotator --help for the settings"}`,
      });
      continue;
    }
    if (upper.startsWith("OTEL_")) {
      if (otelSettings.has(name)) continue;
      const near = OTEL_SETTINGS.find((otel) => editDistance(upper, otel) <= SHARED_NAMESPACE_DISTANCE);
      if (near !== undefined) {
        warnings.push({
          kind: "unknown",
          setting: name,
          use: near,
          message: `${name} is not read by keywarden-rotator's tracing; did you mean ${near}?`,
        });
      }
      continue;
    }
    if (!SHARED_NAMESPACES.some((prefix) => upper.startsWith(prefix))) continue;
    const use = closestSetting(name, SHARED_NAMESPACE_DISTANCE);
    if (use === undefined) continue;
    warnings.push({
      kind: "unknown",
      setting: name,
      use,
      message: `${name} is not read by keywarden-rotator; did you mean ${use}?`,
    });
  }
  return warnings;
}

/**
 * One problem per key of the settings file that is no setting, with the closest valid name. A key
 * that does not even look like a name is not quoted: a mangled line may hold a password.
 */
export function unknownFileKeys(keys: Iterable<string>, fileSetting: string, path: string): string[] {
  const problems: string[] = [];
  for (const key of keys) {
    if (namesConfigFile(key)) {
      problems.push(`${fileSetting}: ${path} sets ${key}; a settings file cannot name another, remove it`);
      continue;
    }
    if (current.has(key) || RENAMED_SETTINGS[key] !== undefined) continue;
    if (!/^[A-Za-z_][\w.-]{0,63}$/.test(key)) {
      problems.push(`${fileSetting}: ${path} has a key that is not a setting name (the key is not shown)`);
      continue;
    }
    const use = closestSetting(key);
    problems.push(
      `${fileSetting}: unknown setting ${key} in ${path}; ${use ? `did you mean ${use}?` : "see keywarden-rotator --help for the settings"}`,
    );
  }
  return problems;
}

// Case, `_`, `-` and `.` do not count: `queue-prefix` and `keywarden_queue_prefix` are plain slips.
const normalize = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Each name a setting may be meant by (its current and old names, with and without the prefix). */
const CANDIDATES: readonly (readonly [form: string, setting: string])[] = [
  ...SETTING_NAMES.flatMap((name) => withoutPrefix(name).map((form) => [form, name] as const)),
  ...Object.entries(RENAMED_SETTINGS).map(([old, use]) => [normalize(old), use] as const),
];

/**
 * The forms a name is compared by. A prefixed name is compared without its prefix only, so its own
 * part must be close: `KEYWARDEN_FOO` is not three edits from `KEYWARDEN_URL`.
 */
function withoutPrefix(name: string): string[] {
  const form = normalize(name);
  const prefix = normalize(PREFIX);
  return [form.startsWith(prefix) ? form.slice(prefix.length) : form];
}

/**
 * The current name `name` was most likely meant to be, or none within `maxDistance` edits (by
 * default about one edit per four characters, so short names do not match everything).
 */
export function closestSetting(name: string, maxDistance?: number): string | undefined {
  let best: { setting: string; distance: number } | undefined;
  for (const form of withoutPrefix(name)) {
    const limit = maxDistance ?? Math.max(1, Math.floor(form.length / 4));
    for (const [candidate, setting] of CANDIDATES) {
      const distance = editDistance(form, candidate);
      if (distance <= limit && (best === undefined || distance < best.distance)) best = { setting, distance };
    }
  }
  return best?.setting;
}
