import { RE2JS } from "re2js";

/** Name of the index holding the seeded alerts (matched by `alert-*`). */
export const ALERT_INDEX = "alert-keywarden-mock";
/** Name of the usage-log index (matched by UTMStack's `v11-api-access-logs-*`). */
export const USAGE_INDEX = "v11-api-access-logs-keywarden-mock";

/**
 * Fields both indexes map as dates: the alerts' `@timestamp`, and the usage log's `timestamp` (a
 * string in UTMStack's document, mapped as a date by OpenSearch's date detection). A range filter on
 * them takes dates, date math or numbers (epoch milliseconds) only.
 */
export const DATE_FIELDS: ReadonlySet<string> = new Set(["@timestamp", "timestamp"]);

const compiled = new Map<string, RE2JS | null>();

/**
 * Whether an index name matches an OpenSearch index pattern: comma-separated names with `*`
 * wildcards, e.g. `alert-*` or `alert-*,v11-api-access-logs-*`.
 */
export function indexMatches(pattern: string, index: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    // runs of `*` are one wildcard, and RE2 never backtracks: a JavaScript RegExp took seconds on
    // `**********Z`, as each star became a `.*` to retry at every position
    const alternatives = pattern
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => part.split(/\*+/).map(RE2JS.quote).join(".*"));
    regex = alternatives.length > 0 ? RE2JS.compile(alternatives.join("|"), RE2JS.DOTALL) : null;
    // only short patterns are kept, so odd clients cannot fill memory with the cache
    if (compiled.size < 1000 && pattern.length <= 256) compiled.set(pattern, regex);
  }
  return regex?.matches(index) === true;
}
