import { describe, expect, it } from "vitest";
import { VaultForbiddenError, VaultSealedError } from "../src/index.js";
import { KEYWARDEN_POLICY, useVaultEmulation } from "./support/vault-kit.js";

const env = useVaultEmulation({ policies: { keywarden: KEYWARDEN_POLICY } });

const DATA = "secret/data/keywarden/billing";
const METADATA = "secret/metadata/keywarden/billing";

function tokenWith(policies: string[]) {
  return env.vault.state.createToken({ policies }).id;
}

describe("Vault client: sys/capabilities-self", () => {
  it("reports each path's capabilities as Vault sorts them, keyed by the path as given", async () => {
    const vault = env.client({ token: tokenWith(["keywarden"]) });
    expect(await vault.capabilitiesSelf([DATA, METADATA, "secret/data/other"])).toEqual({
      [DATA]: ["create", "read", "update"],
      [METADATA]: ["create", "list", "read", "update"],
      "secret/data/other": ["deny"],
    });
  });

  it('a root token has ["root"] everywhere; one path brings no backwards-compat `capabilities` key', async () => {
    expect(await env.client().capabilitiesSelf([DATA])).toEqual({ [DATA]: ["root"] });
  });

  it("sends one POST with the paths, reads nothing and writes nothing; no paths, no request", async () => {
    const vault = env.client();
    const seen: string[] = [];
    env.server.events.on("request:start", async ({ request }) => {
      seen.push(`${request.method} ${new URL(request.url).pathname} ${await request.clone().text()}`);
    });
    expect(await vault.capabilitiesSelf([])).toEqual({});
    await vault.capabilitiesSelf([DATA, METADATA]);
    env.server.events.removeAllListeners();
    expect(seen.filter((line) => !line.includes("lookup-self"))).toEqual([
      `POST /v1/sys/capabilities-self {"paths":["${DATA}","${METADATA}"]}`,
    ]);
    expect(env.vault.state.mounts.get("secret")?.keys.size).toBe(0);
  });

  it("an unknown token is VaultForbiddenError 'invalid-token'; a token without the default policy 'denied'", async () => {
    const unknown = env.client({ token: "hvs.unknown" }).capabilitiesSelf([DATA]);
    await expect(unknown).rejects.toBeInstanceOf(VaultForbiddenError);
    await expect(unknown).rejects.toMatchObject({ reason: "invalid-token", status: 403 });
    const noDefault = env.vault.state.tokens.issue({
      policies: ["keywarden"],
      displayName: "token",
      path: "auth/token/create",
      ttl: 3600,
    }).id;
    await expect(env.client({ token: noDefault }).capabilitiesSelf([DATA])).rejects.toMatchObject({
      name: "VaultForbiddenError",
      reason: "denied",
    });
  });

  it("is retried like a read while Vault is sealed, then fails with VaultSealedError", async () => {
    const vault = env.client({ retry: { maxAttempts: 3 } });
    await vault.lookupSelf();
    env.vault.state.seal();
    await expect(vault.capabilitiesSelf([DATA])).rejects.toBeInstanceOf(VaultSealedError);
    expect(env.sleeps).toHaveLength(2);
  });

  it("after the AppRole token was revoked, logs in again and asks once more", async () => {
    env.vault.state.addRole({
      name: "rotator",
      policies: ["keywarden"],
      roleId: "role-id",
      secretIds: ["secret-id"],
      tokenTtl: 3600,
    });
    const vault = env.client({ token: undefined, appRole: { roleId: "role-id", secretId: "secret-id" } });
    await vault.capabilitiesSelf([DATA]); // the first login
    for (const token of env.vault.state.tokens.list())
      if (token.displayName === "approle") env.vault.state.tokens.revoke(token.id);
    expect(await vault.capabilitiesSelf([DATA])).toEqual({ [DATA]: ["create", "read", "update"] });
  });
});
