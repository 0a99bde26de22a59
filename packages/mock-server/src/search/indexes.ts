/** Name of the index holding the seeded alerts (matched by `alert-*`). */
export const ALERT_INDEX = "alert-keywarden-mock";
/** Name of the usage-log index (matched by UTMStack's `v11-api-access-logs-*`). */
export const USAGE_INDEX = "v11-api-access-logs-keywarden-mock";

const compiled = new Map<string, RegExp>();

/**
 * Whether an index name matches an OpenSearch index pattern: comma-separated names with `*`
 * wildcards, e.g. `alert-*` or `alert-*,v11-api-access-logs-*`.
 */
export function indexMatches(pattern: string, index: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    const alternatives = pattern
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*"));
    regex = new RegExp(`^(?:${alternatives.join("|") || "(?!)"})$`);
    if (compiled.size < 1000) compiled.set(pattern, regex);
  }
  return regex.test(index);
}
