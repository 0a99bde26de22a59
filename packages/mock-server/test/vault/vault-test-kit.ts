import { createClock } from "../../src/clock.js";
import {
  createVaultEmulation,
  handleVaultRequest,
  type VaultEmulationOptions,
} from "../../src/vault/index.js";

/** Replaces what differs per run (request ids, times, token ids) so bytes can be compared exactly. */
export function normalise(body: string): string {
  return body
    .replace(
      /"request_id":"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g,
      '"request_id":"<uuid>"',
    )
    .replace(/"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"/g, '"<t>"');
}

/** An emulation on a pinned clock plus a one-line way to send it a request (no MSW: the pure path). */
export function createKit(options: Partial<VaultEmulationOptions> = {}) {
  const clock = createClock("2026-03-01T12:00:00.5Z");
  const vault = createVaultEmulation({ clock, ...options });
  function call(
    method: string,
    path: string,
    init: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
  ) {
    const headers = new Headers(init.headers);
    const token = init.token === undefined ? "root" : init.token;
    if (token !== null) headers.set("x-vault-token", token);
    const body =
      init.body === undefined ? "" : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    const reply = handleVaultRequest(vault.state, {
      method,
      url: new URL(`http://vault.test:8200${path}`),
      headers,
      body,
    });
    return { ...reply, text: normalise(reply.body), json: () => JSON.parse(reply.body) };
  }
  return { clock, vault, call };
}

export const MERGE_PATCH = { "content-type": "application/merge-patch+json" };
