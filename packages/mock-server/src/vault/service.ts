import type { MockService } from "../exchange/service.js";
import { handleVaultRequest } from "./http/dispatch.js";
import type { VaultState } from "./state.js";

/** Vault's API lives at `/v1/` at the root only (so `/api/v1/…` stays the key service's). */
export function isVaultPath(url: URL): boolean {
  return url.pathname.startsWith("/v1/");
}

/**
 * The emulation as a service for the front ends: everything below `/v1/` on any origin, so the key
 * service and Vault can share one server. A declared or read body over the state's limit is answered
 * by Vault's own 413 (http.MaxBytesReader; DefaultMaxRequestSize is 32 MiB in Vault's http/handler.go).
 * @param getState returns the current state (it is replaced on reset)
 */
export function vaultService(getState: () => VaultState): MockService {
  return {
    bodyLimit: () => getState().maxRequestSize,
    claims: (_method, url) => isVaultPath(url),
    answer(request) {
      if (!isVaultPath(request.url)) return undefined;
      const state = getState();
      const declared = Number(request.headers.get("content-length") ?? "0");
      const oversized = request.oversized || declared > state.maxRequestSize;
      return handleVaultRequest(state, { ...request, body: oversized ? "" : request.body, oversized });
    },
  };
}
