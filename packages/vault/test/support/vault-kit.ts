import { createClock, createVaultEmulation, type VaultEmulationOptions } from "@keywarden/mock-server";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createVaultClient, type VaultClientOptions, type VaultLogger } from "../../src/index.js";

export const VAULT_ADDR = "http://vault.test:8200";

/** Vault's docs example of the rotator's least-privilege policy, as a test loads it. */
export const KEYWARDEN_POLICY = `
path "secret/data/keywarden/*" {
  capabilities = ["create", "read", "update"]
}
path "secret/metadata/keywarden/*" {
  capabilities = ["create", "read", "update", "list"]
}`;

/** A logger that keeps every line, to prove what the client logs (and what it never does). */
export function recordingLogger(): VaultLogger & { lines: string[] } {
  const lines: string[] = [];
  const write = (fields: Record<string, unknown>, message: string) => {
    lines.push(`${message} ${JSON.stringify(fields)}`);
  };
  return { lines, debug: write, info: write, warn: write };
}

/**
 * One emulation behind MSW for a test file, on a pinned clock the clients share, and a factory of
 * clients whose retries sleep instantly (recorded, not waited).
 */
export function useVaultEmulation(options: Partial<VaultEmulationOptions> = {}) {
  const clock = createClock("2026-03-01T12:00:00Z");
  const vault = createVaultEmulation({ clock, ...options });
  const server = setupServer(...vault.handlers);
  const sleeps: number[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    vault.reset();
    clock.set("2026-03-01T12:00:00Z");
    sleeps.length = 0;
  });
  afterAll(() => server.close());
  function client(overrides: Partial<VaultClientOptions> = {}) {
    return createVaultClient({
      address: VAULT_ADDR,
      token: "root",
      now: () => clock.now(),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      // MSW intercepts the global fetch; the client's own HTTP stack would go to the network.
      fetch: (request) => globalThis.fetch(request),
      ...overrides,
    });
  }
  return { clock, vault, server, client, sleeps };
}
