/**
 * Proves that a secret is one given key's own secret, not merely a working secret of the same user.
 *
 * Why the usage log: the key service never says which key authenticated a request in the answer
 * itself. Every key of a user has the user's full rights, so any read that succeeds (the old probe,
 * `GET /api/api-keys/{id}`) succeeds for every key of that user. The alternatives fall short:
 * - `lastUsedAt` is a Keywarden extension that UTMStack v11 does not have, and it is shared by
 *   every concurrent user of a key, so it cannot tie one request to one key;
 * - there is no "who am I" route for an API key (`/api/account` and the like are not part of the
 *   contract), and the secret is never readable back (only `generate` shows it, once).
 * The usage log (`POST /api/api-keys/usage`, index `v11-api-access-logs-*`) is the one place that
 * names the key: UTMStack's `ApiKeyFilter` writes an `ApiKeyUsageLog` with `apiKeyId` and the request's
 * `User-Agent` for every request made with a key it found (both mock profiles do the same, for every
 * request made with an API key). So the probe goes out under a random, single-use user agent, and the
 * usage document carrying that user agent says which key authenticated it. It costs one probe plus
 * one search when the document is already searchable (the mock writes it before answering); UTMStack
 * indexes it from an `@Async` task into OpenSearch, so it may be a little late: then a few more
 * searches with a short backoff, within a deadline.
 *
 * The user agent is set by a middleware on the probe client rather than by the client's factory, so
 * every factory (wiring, tests, demo) gets the marker without having to know about it.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import {
  type ApiKeyUsageLog,
  AuthenticationError,
  type KeywardenClient,
  NotFoundError,
  PermissionError,
} from "@keywarden/sdk";
import { PermanentError, TransientError } from "../port-errors.js";
import type { AuthCheck, KeyId } from "../ports.js";
import { toPortError } from "./key-service-errors.js";

/** The user agents of ownership probes start with this; the rest is a random nonce. */
export const PROBE_USER_AGENT_PREFIX = "keywarden-rotator-probe/";

/** How long and how often to look for the probe's usage document. */
export interface UsageLookupOptions {
  /** Give up after this long (default 10 s): then the check throws a `TransientError`. */
  readonly deadlineMs?: number;
  /** The first wait between searches (default 100 ms); doubled after each miss. */
  readonly firstDelayMs?: number;
  /** The longest wait between searches (default 2 s). */
  readonly maxDelayMs?: number;
  /** Waits `ms` (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A monotonic clock in ms for the deadline (default `performance.now`). */
  readonly clock?: () => number;
}

const OPERATION = "verify the new secret";
/** Hits per search: one probe is one request, or a few when the SDK retried it. */
const SEARCH_SIZE = 20;

/** A fresh probe user agent: random, never derived from the secret. */
export function probeUserAgent(): string {
  return `${PROBE_USER_AGENT_PREFIX}${randomBytes(16).toString("hex")}`;
}

/**
 * Sends every request of `probe` with `userAgent`. A middleware, so the marker does not depend on how
 * the probe client was built: the transport keeps a request's own headers over the client's defaults.
 */
function markRequests(probe: KeywardenClient, userAgent: string): void {
  probe.raw.use({
    onRequest({ request }) {
      request.headers.set("user-agent", userAgent);
      return request;
    },
  });
}

/**
 * Checks that `secret` is key `keyId`'s own current secret.
 *
 * @param client - the rotator's own client; it searches the usage log (needs `api.key.view`).
 * @param probe - a new client authenticating with the secret (its requests get marked here).
 * @returns `accepted` when the usage log names `keyId` as the key that authenticated the probe;
 *   `refused` when the service refuses the secret, or the secret is another key's.
 * @throws TransientError when the probe was accepted but its usage document did not become
 *   searchable before the deadline (never `refused` for that: a refusal makes the rotation replace
 *   the secret Vault holds); PermanentError when the rotator may not search the usage log.
 */
export async function proveOwnSecret(
  client: KeywardenClient,
  probe: KeywardenClient,
  keyId: KeyId,
  lookup: UsageLookupOptions = {},
): Promise<AuthCheck> {
  const userAgent = probeUserAgent();
  markRequests(probe, userAgent);
  try {
    const key = await probe.apiKeys.get(Number(keyId));
    if (String(key.id) !== keyId) return "refused";
  } catch (error) {
    // Refused credentials; or the secret works but belongs to a user who cannot see this key.
    if (error instanceof AuthenticationError || error instanceof NotFoundError) return "refused";
    // A 403 comes after authentication (the owner may not read keys): the usage log still says which
    // key it was.
    if (!(error instanceof PermissionError)) throw toPortError(OPERATION, error);
  }
  const uses = await findProbeUses(client, userAgent, lookup, OPERATION);
  return uses.every((use) => use.apiKeyId === keyId) ? "accepted" : "refused";
}

/**
 * Which key `probe`'s secret is: the id the usage log names for one request made with it, or
 * undefined when the service refuses the secret. For the rotator's own key given directly
 * (`KEYWARDEN_API_KEY`), which it must never revoke.
 *
 * @throws TransientError when the usage log does not show the request before the deadline.
 */
export async function identifyKey(
  client: KeywardenClient,
  probe: KeywardenClient,
  lookup: UsageLookupOptions = {},
): Promise<KeyId | undefined> {
  const operation = "identify the rotator's own key";
  const userAgent = probeUserAgent();
  markRequests(probe, userAgent);
  try {
    await probe.apiKeys.list.page({ size: 1 });
  } catch (error) {
    if (error instanceof AuthenticationError) return undefined;
    if (!(error instanceof PermissionError)) throw toPortError(operation, error);
  }
  const [use] = await findProbeUses(client, userAgent, lookup, operation);
  return use?.apiKeyId ?? undefined;
}

/** The usage documents of the probe, waiting (bounded) until at least one is searchable. */
async function findProbeUses(
  client: KeywardenClient,
  userAgent: string,
  lookup: UsageLookupOptions,
  operation: string,
): Promise<ApiKeyUsageLog[]> {
  const deadlineMs = lookup.deadlineMs ?? 10_000;
  const maxDelayMs = lookup.maxDelayMs ?? 2_000;
  const sleep = lookup.sleep ?? ((ms: number) => delay(ms));
  const clock = lookup.clock ?? (() => performance.now());
  const started = clock();
  let wait = lookup.firstDelayMs ?? 100;
  for (;;) {
    const uses = await searchUses(client, userAgent, operation);
    if (uses.length > 0) return uses;
    const left = deadlineMs - (clock() - started);
    if (left <= 0) {
      throw new TransientError(
        `${operation}: could not confirm which key the secret belongs to ` +
          `(the probe was accepted, but its usage-log entry was not searchable within ${deadlineMs} ms)`,
      );
    }
    await sleep(Math.min(wait, left));
    wait = Math.min(wait * 2, maxDelayMs);
  }
}

async function searchUses(
  client: KeywardenClient,
  userAgent: string,
  operation: string,
): Promise<ApiKeyUsageLog[]> {
  try {
    const page = await client.apiKeys.usage({
      // `IS` is a phrase match (exact on a keyword field); the exact comparison below settles it.
      filters: [{ field: "userAgent", operator: "IS", value: userAgent }],
      top: SEARCH_SIZE,
      size: SEARCH_SIZE,
    });
    return page.items.filter((use) => use.userAgent === userAgent);
  } catch (error) {
    if (error instanceof PermissionError) {
      throw new PermanentError(
        `${operation}: searching the API-key usage log (POST /api/api-keys/usage) needs permission ` +
          `api.key.view for the rotator's credential: ${error.status ?? 403} ${error.reason ?? error.message}`,
        { cause: error },
      );
    }
    throw toPortError(`${operation}: search the usage log`, error);
  }
}
