/**
 * `sys/capabilities-self`: what the client's own token may do on some paths, asked without touching
 * them. Vault's `default` policy grants it, so any token that can log in can ask.
 *
 * The answer (Vault `http/handler.go` `injectDataIntoTopRoutes`, `sdk/logical/translate_response.go`
 * `HTTPSysInjector`) holds each path's list twice: in `data` and copied to the top level of the
 * envelope, in random order. Only `data` is read: a top-level copy of a path named like an envelope
 * field (`data`, `auth`, …) would be ambiguous.
 */
import { VaultError } from "./errors.js";
import type { AuthenticatedCall } from "./kv.js";
import type { VaultAnswer } from "./transport.js";

const PATH = "/sys/capabilities-self";

/**
 * The token's capabilities on each path, keyed by the path as given. Vault lists them sorted;
 * `["deny"]` means none, `["root"]` everything. An empty list of paths asks Vault nothing.
 * @param paths full API paths below `/v1/`, mount included (`secret/data/keywarden/app`)
 * @throws VaultForbiddenError when Vault refuses the token itself (unknown, expired, revoked, or
 *   without the `default` policy); the client's other errors as for any call
 */
export async function capabilitiesSelf(
  call: AuthenticatedCall,
  paths: readonly string[],
): Promise<Record<string, string[]>> {
  if (paths.length === 0) return {};
  // Changes nothing on the server, so it is retried like a read (sealed, standby, 5xx, no answer).
  const answer = await call({ method: "POST", path: PATH, body: { paths: [...paths] } }, true);
  return capabilitiesFromAnswer(answer, paths);
}

function capabilitiesFromAnswer(answer: VaultAnswer, paths: readonly string[]): Record<string, string[]> {
  const data = (answer.body as { data?: unknown } | undefined)?.data;
  const entries: [string, string[]][] = [];
  for (const path of paths) {
    // Vault trims each path (`TypeCommaStringSlice`) and keys its answer by the trimmed text.
    const listed =
      data && typeof data === "object" ? (data as Record<string, unknown>)[path.trim()] : undefined;
    if (!Array.isArray(listed) || !listed.every((c) => typeof c === "string")) {
      throw new VaultError(
        `Vault POST /v1${PATH}: the answer lists no capabilities for ${JSON.stringify(path)}`,
        answer.status,
        [],
        { method: "POST", path: `/v1${PATH}` },
      );
    }
    entries.push([path, listed]);
  }
  return Object.fromEntries(entries);
}
