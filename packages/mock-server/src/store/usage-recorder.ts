import { redactSecretQuery } from "@keywarden/rules";
import type { MockReply } from "../exchange/reply.js";
import type { RouteInput } from "../http/route.js";
import type { ApiKeyRecord } from "../keys/model.js";
import type { MockStore } from "./store.js";
import { loggedText, MAX_LOGGED_PAYLOAD } from "./usage-log.js";

const NO_BODY_METHODS = new Set(["GET", "DELETE", "HEAD"]);

/**
 * Writes the usage document of a request made with an API key, once its response is known. The
 * error message is the `X-UtmStack-error` header or the error body (never a success body, so a
 * generated secret is never logged). Every text is cut (the payload at UTMStack's 2000 characters,
 * the rest at 1000) and copied, so a document never holds on to a whole request.
 */
export function logKeyUsage(
  store: MockStore,
  input: RouteInput,
  key: ApiKeyRecord | undefined,
  reply: MockReply,
  /** Whether the document carries the key's public `keyId` (an extension; v11 has none). */
  withKeyId: boolean,
): void {
  const { request, url } = input;
  const method = request.method;
  const userAgent = request.headers.get("user-agent");
  let errorMessage: string | null = null;
  if (reply.status >= 400) {
    const message = reply.headers?.["x-utmstack-error"] || reply.body;
    errorMessage = message ? loggedText(message) : null;
  }
  let payload: string | null = null;
  if (!NO_BODY_METHODS.has(method)) {
    payload = input.body ? loggedText(input.body, MAX_LOGGED_PAYLOAD) : null;
  }
  store.logUsage({
    apiKeyId: key ? loggedText(String(key.id)) : null,
    apiKeyName: key ? loggedText(key.name) : null,
    keyId: withKeyId ? (key?.keyId ?? null) : undefined,
    userId: key ? loggedText(String(key.userId)) : null,
    time: input.now,
    endpoint: loggedText(url.pathname),
    address: loggedText(input.address),
    errorMessage,
    // Any caller who may search reads this log: no credential sent in the query stays in it.
    queryParams: url.search ? loggedText(redactSecretQuery(url.search, "[redacted]").slice(1)) : null,
    payload,
    userAgent: userAgent === null ? null : loggedText(userAgent),
    httpMethod: method,
    statusCode: loggedText(String(reply.status)),
  });
}
