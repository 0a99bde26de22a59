import { STATUS_CODES } from "node:http";
import type { RequestHandler } from "msw";
import { isOversizedRequest, rawPathOf, requestBodyText, requestUrlOf } from "../http/adapter-request.js";
import { answering, responseWithKnownBody } from "../http/known-body.js";
import { route } from "../http/route-handler.js";
import { handleVaultRequest } from "./http/dispatch.js";
import type { VaultState } from "./state.js";

/**
 * The MSW handlers of the emulation: everything below `/v1/` on any origin, so the key service and
 * Vault can share one server. They only translate between fetch and {@link handleVaultRequest}.
 * @param getState returns the current state (it is replaced on reset)
 */
export function createVaultHandlers(getState: () => VaultState): RequestHandler[] {
  return [
    route.all(
      "*/v1/*",
      async ({ request }) => {
        // `*` stands for any origin, and must not let Vault answer `/api/v1/…` as well: its API is
        // `/v1/` at the root only
        if (!requestUrlOf(request).pathname.startsWith("/v1/")) return undefined;
        const state = getState();
        // a declared length over the limit is refused before the body is read, like http.MaxBytesReader
        // (Vault's http/util.go wrapMaxRequestSizeHandler; DefaultMaxRequestSize is 32 MiB in
        // http/handler.go); the node adapter leaves a larger body unread and says so
        const declared = Number(request.headers.get("content-length") ?? "0");
        const oversized = declared > state.maxRequestSize || isOversizedRequest(request);
        const hasBody = !oversized && request.method !== "GET" && request.method !== "HEAD";
        const body = hasBody ? await requestBodyText(request) : "";
        // the reply is built synchronously, so the node adapter can write its text as it is
        return answering(request, () => {
          const reply = handleVaultRequest(state, {
            method: request.method,
            url: requestUrlOf(request),
            rawPath: rawPathOf(request),
            headers: request.headers,
            body,
            oversized,
          });
          // statusText as msw's HttpResponse and Vault's Go server give it ("OK", "Not Found")
          const init = {
            status: reply.status,
            statusText: STATUS_CODES[reply.status] ?? "",
            headers: reply.headers,
          };
          return reply.body === "" ? new Response(null, init) : responseWithKnownBody(reply.body, init);
        });
      },
      { maxRequestBytes: () => getState().maxRequestSize },
    ),
  ];
}
