import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  VaultConnectionError,
  VaultSealedError,
  VaultServerError,
  VaultStandbyError,
} from "../src/index.js";
import { useVaultEmulation, VAULT_ADDR } from "./support/vault-kit.js";

const env = useVaultEmulation();

describe("Vault client: retries, seals, standbys, connection errors", () => {
  it("retries a read after a connection error and succeeds, with growing backoff", async () => {
    const vault = env.client();
    await vault.kv.write("keywarden/app", { v: 1 });
    env.server.use(
      http.get(`${VAULT_ADDR}/v1/secret/data/keywarden/app`, () => HttpResponse.error(), { once: true }),
      http.get(`${VAULT_ADDR}/v1/secret/data/keywarden/app`, () => HttpResponse.error(), { once: true }),
    );
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ v: 1 });
    expect(env.sleeps).toEqual([100, 200]); // random 0.5 × 200·2^0, × 200·2^1
  });

  it("gives up after maxAttempts with a VaultConnectionError", async () => {
    const vault = env.client({ retry: { maxAttempts: 2 } });
    env.server.use(http.get(`${VAULT_ADDR}/v1/secret/data/keywarden/app`, () => HttpResponse.error()));
    await vault.lookupSelf();
    const error = await vault.kv.read("keywarden/app").catch((e) => e);
    expect(error).toBeInstanceOf(VaultConnectionError);
    expect([error.status, error.message]).toEqual([
      0,
      "Vault GET /v1/secret/data/keywarden/app: no answer (connection failed)",
    ]);
    expect(env.sleeps).toHaveLength(1);
  });

  it("never resends a write after a connection error or a 5xx", async () => {
    const vault = env.client();
    await vault.lookupSelf();
    let writes = 0;
    env.server.use(
      http.post(`${VAULT_ADDR}/v1/secret/data/keywarden/app`, () => {
        writes++;
        return HttpResponse.json({ errors: ["internal error"] }, { status: 500 });
      }),
    );
    expect(await vault.kv.write("keywarden/app", { v: 1 }, { cas: 0 }).catch((e) => e)).toBeInstanceOf(
      VaultServerError,
    );
    expect(writes).toBe(1);
    expect(env.sleeps).toEqual([]);
  });

  it("a sealed Vault: reads wait and retry until unsealed, writes fail at once with VaultSealedError", async () => {
    const vault = env.client({ sleep: async () => env.vault.state.unseal() });
    await vault.kv.write("keywarden/app", { v: 1 });
    env.vault.state.seal();
    const write = await vault.kv.write("keywarden/app", { v: 2 }).catch((e) => e);
    expect(write).toBeInstanceOf(VaultSealedError);
    expect([write.status, write.errors]).toEqual([503, ["Vault is sealed"]]);
    env.vault.state.seal();
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ v: 1 }); // the retry's sleep unseals
  });

  it("health reports sealed and standby states without throwing; standby answers are typed when thrown", async () => {
    const vault = env.client();
    expect(await vault.health()).toMatchObject({
      status: 200,
      sealed: false,
      standby: false,
      initialized: true,
    });
    env.vault.state.setStandby(true);
    expect(await vault.health()).toMatchObject({ status: 429, standby: true });
    expect((await vault.health({ standbyok: "true" })).status).toBe(200);
    env.vault.state.setStandby(true, true);
    expect((await vault.health()).status).toBe(473);
    env.vault.state.setStandby(false);
    env.vault.state.seal();
    expect(await vault.health()).toMatchObject({ status: 503, sealed: true });
    env.vault.state.unseal();
    env.server.use(
      http.get(`${VAULT_ADDR}/v1/secret/data/keywarden/app`, () =>
        HttpResponse.json({ errors: [] }, { status: 429 }),
      ),
    );
    const error = await env
      .client({ retry: { maxAttempts: 1 } })
      .kv.read("keywarden/app")
      .catch((e) => e);
    expect(error).toBeInstanceOf(VaultStandbyError);
  });

  it("backoff is exponential with full jitter and capped", () => {
    const policy = { maxAttempts: 9, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.999))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});
