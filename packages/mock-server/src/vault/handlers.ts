import { HttpResponse, http, type RequestHandler } from "msw";
import { handleVaultRequest } from "./http/dispatch.js";
import type { VaultState } from "./state.js";

/**
 * The MSW handlers of the emulation: everything below `/v1/` on any origin, so the key service and
 * Vault can share one server. They only translate between fetch and {@link handleVaultRequest}.
 * @param getState returns the current state (it is replaced on reset)
 */
export function createVaultHandlers(getState: () => VaultState): RequestHandler[] {
  return [
    http.all("*/v1/*", async ({ request }) => {
      const state = getState();
      // a declared length over the limit is refused before the body is read, like http.MaxBytesReader
      const declared = Number(request.headers.get("content-length") ?? "0");
      const oversized = declared > state.maxRequestSize;
      const hasBody = !oversized && request.method !== "GET" && request.method !== "HEAD";
      const reply = handleVaultRequest(state, {
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: hasBody ? await request.text() : "",
        oversized,
      });
      return new HttpResponse(reply.body === "" ? null : reply.body, {
        status: reply.status,
        headers: reply.headers,
      });
    }),
  ];
}
