import { describe, expect, it } from "vitest";
import { VaultConfigError, VaultForbiddenError } from "../src/index.js";
import { KEYWARDEN_POLICY, recordingLogger, useVaultEmulation } from "./support/vault-kit.js";

const env = useVaultEmulation({ policies: { keywarden: KEYWARDEN_POLICY } });

function addRole(ttl: number, maxTtl: number, renewable = true) {
  return env.vault.state.addRole({
    name: "rotator",
    policies: ["keywarden"],
    tokenTtl: ttl,
    tokenMaxTtl: maxTtl,
    renewable,
    roleId: "role-id",
    secretIds: ["secret-id"],
  });
}
const appRole = { roleId: "role-id", secretId: "secret-id" };

async function versionsOf(path: string) {
  const root = env.client();
  return (await root.kv.readMetadata(path)).current_version;
}

describe("Vault client: token renewal and AppRole re-login", () => {
  it("logs in with AppRole on first use, without any VAULT_TOKEN", async () => {
    addRole(60, 120);
    const vault = env.client({ token: undefined, appRole });
    await vault.kv.write("keywarden/app", { v: 1 });
    const self = await vault.lookupSelf();
    expect([self.policies, self.meta, self.ttl]).toEqual([
      ["default", "keywarden"],
      { role_name: "rotator" },
      60,
    ]);
    expect(vault.tokenExpiresAt).toBe(env.clock.now() + 60_000);
  });

  it("renews a renewable token before its TTL runs out, then logs in again once max_ttl caps it: no write lost", async () => {
    addRole(60, 120);
    const logger = recordingLogger();
    const vault = env.client({ token: undefined, appRole, logger });
    const events: string[] = [];
    env.server.events.on("request:start", ({ request }) => {
      const path = new URL(request.url).pathname;
      if (path.startsWith("/v1/auth/")) events.push(path.replace("/v1/auth/", ""));
    });
    for (let i = 1; i <= 12; i++) {
      await vault.kv.write("keywarden/app", { rotation: i });
      env.clock.advance("15s"); // 12 writes over 180 s: past the 60 s TTL and the 120 s max TTL
    }
    env.server.events.removeAllListeners();
    expect(await versionsOf("keywarden/app")).toBe(12);
    expect(events.filter((e) => e === "token/renew-self").length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e === "approle/login").length).toBeGreaterThanOrEqual(2);
    expect(logger.lines.some((l) => l.startsWith("Renewed the Vault token"))).toBe(true);
  });

  it("logs in again when the token is not renewable", async () => {
    addRole(30, 3600, false);
    const vault = env.client({ token: undefined, appRole });
    await vault.kv.write("keywarden/app", { v: 1 });
    const first = vault.tokenExpiresAt;
    env.clock.advance("25s");
    await vault.kv.write("keywarden/app", { v: 2 });
    expect(vault.tokenExpiresAt).toBe(env.clock.now() + 30_000);
    expect(vault.tokenExpiresAt).not.toBe(first);
    expect(await versionsOf("keywarden/app")).toBe(2);
  });

  it("recovers when Vault rejects a token the client thought alive (revoked mid-run): re-login and resend once", async () => {
    addRole(3600, 7200);
    const vault = env.client({ token: undefined, appRole });
    await vault.kv.write("keywarden/app", { v: 1 });
    for (const token of env.vault.state.tokens.list())
      if (token.displayName === "approle") env.vault.state.tokens.revoke(token.id);
    await vault.kv.write("keywarden/app", { v: 2 }, { cas: 1 });
    expect(await versionsOf("keywarden/app")).toBe(2);
  });

  it("many requests refused at once with a revoked token share one re-login", async () => {
    addRole(3600, 7200);
    const vault = env.client({ token: undefined, appRole });
    await vault.kv.write("keywarden/app", { v: 0 });
    for (const token of env.vault.state.tokens.list())
      if (token.displayName === "approle") env.vault.state.tokens.revoke(token.id);
    let logins = 0;
    env.server.events.on("request:start", ({ request }) => {
      if (request.url.endsWith("/approle/login")) logins++;
    });
    await Promise.all(Array.from({ length: 5 }, (_, i) => vault.kv.write(`keywarden/app-${i}`, { v: i })));
    env.server.events.removeAllListeners();
    expect(logins).toBe(1);
    expect(await env.client().kv.list("keywarden")).toHaveLength(6);
  });

  it("recovers when the client's clock lags Vault's and the token already expired there", async () => {
    addRole(60, 60);
    let clientNow = env.clock.now();
    const vault = env.client({ token: undefined, appRole, now: () => clientNow });
    await vault.kv.write("keywarden/app", { v: 1 });
    env.clock.advance("2m"); // Vault moved on, the client did not
    clientNow += 1000;
    await vault.kv.write("keywarden/app", { v: 2 });
    expect(await versionsOf("keywarden/app")).toBe(2);
  });

  it("a static VAULT_TOKEN learns its TTL with lookup-self and renews itself", async () => {
    const token = env.vault.state.createToken({ policies: ["keywarden"], ttl: 90, maxTtl: 1000 });
    const vault = env.client({ token: token.id });
    await vault.kv.write("keywarden/app", { v: 1 });
    expect(vault.tokenExpiresAt).toBe(env.clock.now() + 90_000);
    env.clock.advance("70s");
    await vault.kv.write("keywarden/app", { v: 2 });
    expect(vault.tokenExpiresAt).toBe(env.clock.now() + 90_000);
  });

  it("an expired static token without AppRole fails with a forbidden error saying the token is invalid", async () => {
    const token = env.vault.state.createToken({ policies: ["keywarden"], ttl: 10, renewable: false });
    const vault = env.client({ token: token.id });
    await vault.kv.write("keywarden/app", { v: 1 });
    env.clock.advance("11s");
    const error = await vault.kv.write("keywarden/app", { v: 2 }).catch((e) => e);
    expect(error).toBeInstanceOf(VaultForbiddenError);
    expect(error.reason).toBe("invalid-token");
  });

  it("refuses to start with neither a token nor AppRole", () => {
    expect(() => env.client({ token: undefined })).toThrow(VaultConfigError);
  });
});
