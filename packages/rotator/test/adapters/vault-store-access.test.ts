import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useVaultEmulation } from "../../../vault/test/support/vault-kit.js";
import { createVaultStore } from "../../src/adapters/vault-store.js";
import { PermanentError, TransientError } from "../../src/port-errors.js";
import { FakeSecretStore } from "../support/fake-secret-store.js";
import { FaultScript } from "../support/faults.js";

/** The policy exactly as docs/vault.md prints it (its first ```hcl block). */
const DOCUMENTED_POLICY = (() => {
  const doc = readFileSync(new URL("../../../../docs/vault.md", import.meta.url), "utf8");
  const block = /```hcl\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error("docs/vault.md has no ```hcl block");
  return block[1] as string;
})();

const env = useVaultEmulation({
  policies: {
    "keywarden-rotator": DOCUMENTED_POLICY,
    "read-only": `
      path "secret/data/keywarden/*" { capabilities = ["read"] }
      path "secret/metadata/keywarden/*" { capabilities = ["read", "list"] }`,
    "update-only": `
      path "secret/data/keywarden/*" { capabilities = ["read", "update"] }
      path "secret/metadata/keywarden/*" { capabilities = ["create", "update"] }`,
    "team-kv": `
      path "team-kv/data/app/*" { capabilities = ["create", "read", "update"] }
      path "team-kv/metadata/app/*" { capabilities = ["create", "update"] }`,
  },
});

function storeFor(policies: string[], overrides: Parameters<typeof env.client>[0] = {}) {
  return createVaultStore(env.client({ token: env.vault.state.createToken({ policies }).id, ...overrides }));
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("VaultStore.checkWriteAccess (sys/capabilities-self)", () => {
  it("passes for a token with the documented policy (and for root), without reading or writing", async () => {
    await expect(
      storeFor(["keywarden-rotator"]).checkWriteAccess("keywarden/billing"),
    ).resolves.toBeUndefined();
    await expect(
      createVaultStore(env.client()).checkWriteAccess("keywarden/billing"),
    ).resolves.toBeUndefined();
    expect(env.vault.state.mounts.get("secret")?.keys.size).toBe(0);
  });

  it("asks about the client's own mount", async () => {
    await expect(
      storeFor(["team-kv"], { kvMount: "team-kv" }).checkWriteAccess("app/billing"),
    ).resolves.toBeUndefined();
    const error = await failureOf(storeFor(["team-kv"]).checkWriteAccess("app/billing"));
    expect(error.message).toMatch(
      /^Vault token may not "read", "create" or "update" secret\/data\/app\/billing/,
    );
  });

  it("a read-only policy fails permanently, naming each full path and the missing capabilities", async () => {
    const error = await failureOf(storeFor(["read-only"]).checkWriteAccess("keywarden/billing"));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toBe(
      'Vault token may not "create" or "update" secret/data/keywarden/billing (has: read); ' +
        'Vault token may not "create" or "update" secret/metadata/keywarden/billing (has: list, read)',
    );
  });

  it("update without create fails on the data path alone, naming create", async () => {
    const error = await failureOf(storeFor(["update-only"]).checkWriteAccess("keywarden/billing"));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe(
      'Vault token may not "create" secret/data/keywarden/billing (has: read, update)',
    );
  });

  it("an unknown token fails permanently: token rejected, said so, the token not shown", async () => {
    const store = createVaultStore(env.client({ token: "hvs.unknown-token-value" }));
    const error = await failureOf(store.checkWriteAccess("keywarden/billing"));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/^Vault rejected the token \(invalid-token\)/);
    expect(error.message).toContain("it is unknown, expired or revoked");
    expect(error.message).not.toContain("hvs.unknown-token-value");
  });

  it("a token without Vault's default policy is told that default grants sys/capabilities-self", async () => {
    const token = env.vault.state.tokens.issue({
      policies: ["keywarden-rotator"],
      displayName: "token",
      path: "auth/token/create",
      ttl: 3600,
    }).id;
    const error = await failureOf(createVaultStore(env.client({ token })).checkWriteAccess("keywarden/b"));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(
      /^Vault rejected the token \(denied\) .*lacks Vault's "default" policy, which grants sys\/capabilities-self/,
    );
  });

  it("sealed and no answer are transient", async () => {
    const sealedStore = storeFor(["keywarden-rotator"]);
    env.vault.state.seal();
    expect(await failureOf(sealedStore.checkWriteAccess("keywarden/billing"))).toBeInstanceOf(TransientError);
    env.vault.state.unseal();
    const refused = createVaultStore(
      env.client({
        fetch: async () => {
          throw new TypeError("fetch failed", {
            cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }),
          });
        },
      }),
    );
    const error = await failureOf(refused.checkWriteAccess("keywarden/billing"));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/^check the Vault token's access to keywarden\/billing: .*ECONNREFUSED/);
  });
});

describe("FakeSecretStore.checkWriteAccess", () => {
  it("refuses a forbidden prefix with the adapter's message, through the fault script", async () => {
    const faults = new FaultScript();
    const store = new FakeSecretStore({ faults, forbiddenPrefixes: ["keywarden/"] });
    const error = await failureOf(store.checkWriteAccess("keywarden/billing"));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe(
      'Vault token may not "create" or "update" secret/data/keywarden/billing (has: read); ' +
        'Vault token may not "create" or "update" secret/metadata/keywarden/billing (has: read)',
    );
    await expect(store.checkWriteAccess("other/billing")).resolves.toBeUndefined();
    expect(faults.log).toEqual(["vault.capabilities", "vault.capabilities"]);
  });

  it("takes scripted faults like every other call", async () => {
    const store = new FakeSecretStore({
      faults: new FaultScript([{ at: 0, when: "before", kind: "transient" }]),
    });
    expect(await failureOf(store.checkWriteAccess("keywarden/billing"))).toBeInstanceOf(TransientError);
  });
});
