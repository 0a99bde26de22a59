import {
  createClock,
  createVaultEmulation,
  type RunningMockServer,
  startMockServer,
} from "@keywarden/mock-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createVaultClient,
  type VaultClientOptions,
  VaultConnectionError,
  VaultForbiddenError,
  VaultNotFoundError,
  VaultSealedError,
} from "../src/index.js";
import { KEYWARDEN_POLICY } from "./support/vault-kit.js";

// The same emulation, served by the mock server's node:http adapter: real sockets, real fetch.
const clock = createClock("2026-03-01T12:00:00Z");
const emulation = createVaultEmulation({ clock, policies: { keywarden: KEYWARDEN_POLICY } });
let server: RunningMockServer;

beforeAll(async () => {
  server = await startMockServer({ handlers: emulation.handlers, port: 0 });
});
afterAll(() => server.close());
afterEach(() => {
  emulation.reset();
  clock.set("2026-03-01T12:00:00Z");
});

function client(overrides: Partial<VaultClientOptions> = {}) {
  return createVaultClient({
    address: server.url,
    token: "root",
    now: () => clock.now(),
    sleep: async () => {},
    ...overrides,
  });
}

describe("Vault client over a real socket", () => {
  it("writes, reads, lists and tells deleted from missing", async () => {
    const vault = client();
    await vault.kv.write("keywarden/app", { api_key: "k1" }, { cas: 0 });
    await vault.kv.writeMetadata("keywarden/app", { custom_metadata: { "managed-by": "keywarden" } });
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ api_key: "k1" });
    expect(await vault.kv.list("keywarden")).toEqual(["app"]);
    await vault.kv.deleteLatest("keywarden/app");
    expect((await vault.kv.read("keywarden/app").catch((e) => e)).deleted).toBe(true);
    expect(await vault.kv.read("keywarden/none").catch((e) => e)).toBeInstanceOf(VaultNotFoundError);
  });

  it("AppRole token expiring mid-run: renewed, then replaced by a new login; every write lands", async () => {
    emulation.state.addRole({
      name: "rotator",
      policies: ["keywarden"],
      roleId: "rid",
      secretIds: ["sid"],
      tokenTtl: 30,
      tokenMaxTtl: 60,
    });
    const vault = client({ token: undefined, appRole: { roleId: "rid", secretId: "sid" } });
    for (let i = 1; i <= 10; i++) {
      await vault.writeWithCas("keywarden/app", () => ({ rotation: i }));
      clock.advance("12s");
    }
    const meta = await client().kv.readMetadata("keywarden/app");
    expect(meta.current_version).toBe(10);
    expect((await client().kv.read("keywarden/app")).data).toEqual({ rotation: 10 });
  });

  it("two writers race with the same cas: exactly one wins", async () => {
    await client().kv.write("keywarden/app", { v: 0 });
    const results = await Promise.allSettled([
      client().kv.write("keywarden/app", { v: "a" }, { cas: 1 }),
      client().kv.write("keywarden/app", { v: "b" }, { cas: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await client().kv.readMetadata("keywarden/app")).current_version).toBe(2);
  });

  it("sealed: a write fails with VaultSealedError; a read retries until unsealed", async () => {
    const vault = client({ sleep: async () => emulation.state.unseal() });
    await vault.kv.write("keywarden/app", { v: 1 });
    emulation.state.seal();
    expect(await vault.kv.write("keywarden/app", { v: 2 }).catch((e) => e)).toBeInstanceOf(VaultSealedError);
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ v: 1 });
    expect((await vault.health()).status).toBe(200);
  });

  it("least privilege: allowed under keywarden/, denied elsewhere", async () => {
    const token = emulation.state.createToken({ policies: ["keywarden"] }).id;
    const vault = client({ token });
    await vault.kv.write("keywarden/app", { v: 1 });
    const denied = await vault.kv.write("elsewhere/app", { v: 1 }).catch((e) => e);
    expect([denied instanceof VaultForbiddenError, denied.reason]).toEqual([true, "denied"]);
  });

  it("a closed port is a VaultConnectionError with the system code, after the read retries", async () => {
    const closed = await startMockServer({ handlers: emulation.handlers, port: 0 });
    await closed.close();
    let sleeps = 0;
    const vault = client({ address: closed.url, sleep: async () => void sleeps++ });
    const error = await vault.health().catch((e) => e);
    expect(error).toBeInstanceOf(VaultConnectionError);
    expect(error.code).toBe("ECONNREFUSED");
    const read = await client({ address: closed.url, token: "t", sleep: async () => void sleeps++ })
      .kv.read("x")
      .catch((e) => e);
    expect(read).toBeInstanceOf(VaultConnectionError);
    expect(sleeps).toBe(3);
  });
});
