import { http } from "msw";
import { describe, expect, it } from "vitest";
import { VaultBadRequestError, VaultCasMismatchError, VaultNotFoundError } from "../src/index.js";
import { useVaultEmulation, VAULT_ADDR } from "./support/vault-kit.js";

const env = useVaultEmulation();

describe("Vault client: KV v2 operations against the emulation", () => {
  it("writes versions and reads the latest or a given one", async () => {
    const vault = env.client();
    const first = await vault.kv.write("keywarden/app", { api_key: "one" });
    const second = await vault.kv.write("keywarden/app", { api_key: "two" }, { cas: 1 });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ api_key: "two" });
    expect((await vault.kv.read("keywarden/app", { version: 1 })).data).toEqual({ api_key: "one" });
  });

  it("tells a missing key from a deleted and a destroyed version", async () => {
    const vault = env.client();
    const missing = await vault.kv.read("keywarden/none").catch((e) => e);
    expect(missing).toBeInstanceOf(VaultNotFoundError);
    expect([missing.deleted, missing.destroyed, missing.version]).toEqual([false, false, undefined]);
    await vault.kv.write("keywarden/app", { a: "1" });
    await vault.kv.write("keywarden/app", { a: "2" });
    await vault.kv.deleteLatest("keywarden/app");
    const deleted = await vault.kv.read("keywarden/app").catch((e) => e);
    expect([deleted.deleted, deleted.destroyed, deleted.version.version]).toEqual([true, false, 2]);
    await vault.kv.destroyVersions("keywarden/app", [1]);
    const destroyed = await vault.kv.read("keywarden/app", { version: 1 }).catch((e) => e);
    expect([destroyed.deleted, destroyed.destroyed]).toEqual([false, true]);
    await vault.kv.undeleteVersions("keywarden/app", [2]);
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ a: "2" });
    await vault.kv.deleteVersions("keywarden/app", [2]);
    expect((await vault.kv.read("keywarden/app").catch((e) => e)).deleted).toBe(true);
  });

  it("a CAS mismatch is its own error class carrying the status and Vault's text", async () => {
    const vault = env.client();
    await vault.kv.write("keywarden/app", { a: "1" }, { cas: 0 });
    const error = await vault.kv.write("keywarden/app", { a: "2" }, { cas: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(VaultCasMismatchError);
    expect(error).toBeInstanceOf(VaultBadRequestError);
    expect([error.status, error.errors]).toEqual([
      400,
      ["check-and-set parameter did not match the current version"],
    ]);
  });

  it("patches with a JSON merge patch (null removes a key)", async () => {
    const vault = env.client();
    await vault.kv.write("keywarden/app", { a: "1", b: "2" });
    const patched = await vault.kv.patch("keywarden/app", { a: null, c: "3" }, { cas: 1 });
    expect(patched.version).toBe(2);
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ b: "2", c: "3" });
    expect(await vault.kv.patch("keywarden/none", { a: "1" }).catch((e) => e)).toBeInstanceOf(
      VaultNotFoundError,
    );
  });

  it("reads and writes metadata: custom_metadata, max_versions, cas_required", async () => {
    const vault = env.client();
    await vault.kv.writeMetadata("keywarden/app", {
      custom_metadata: { "managed-by": "keywarden", "key-id": "42" },
      max_versions: 5,
    });
    await vault.kv.patchMetadata("keywarden/app", {
      custom_metadata: { "key-id": null, expiry: "2026-04-01" },
    });
    await vault.kv.write("keywarden/app", { a: "1" }, { cas: 0 });
    const meta = await vault.kv.readMetadata("keywarden/app");
    expect(meta.custom_metadata).toEqual({ "managed-by": "keywarden", expiry: "2026-04-01" });
    expect([meta.max_versions, meta.current_version, Object.keys(meta.versions)]).toEqual([5, 1, ["1"]]);
    expect((await vault.kv.read("keywarden/app")).metadata.custom_metadata).toEqual(meta.custom_metadata);
    await vault.kv.writeMetadata("keywarden/app", { cas_required: true });
    expect(await vault.kv.write("keywarden/app", { a: "2" }).catch((e) => e.errors)).toEqual([
      "check-and-set parameter required for this call",
    ]);
    await vault.kv.deleteMetadata("keywarden/app");
    expect(await vault.kv.readMetadata("keywarden/app").catch((e) => e)).toBeInstanceOf(VaultNotFoundError);
  });

  it("lists folders and keys, and an empty folder as []", async () => {
    const vault = env.client();
    await vault.kv.write("keywarden/a", { v: 1 });
    await vault.kv.write("keywarden/team/b", { v: 1 });
    expect((await vault.kv.list("keywarden")).sort()).toEqual(["a", "team/"]);
    expect(await vault.kv.list("keywarden/")).toHaveLength(2);
    expect(await vault.kv.list("")).toEqual(["keywarden/"]);
    expect(await vault.kv.list("nothing-here")).toEqual([]);
  });

  it("sends X-Vault-Token, X-Vault-Namespace and X-Vault-Request; keeps / in paths", async () => {
    const seen: { token: string | null; ns: string | null; req: string | null; path: string }[] = [];
    env.server.events.on("request:start", ({ request }) => {
      seen.push({
        token: request.headers.get("x-vault-token") === "root" ? "root" : null,
        ns: request.headers.get("x-vault-namespace"),
        req: request.headers.get("x-vault-request"),
        path: new URL(request.url).pathname,
      });
    });
    await env.client({ namespace: "team-a" }).kv.write("keywarden/a b", { v: 1 });
    env.server.events.removeAllListeners();
    // the first call learns the static token's TTL with lookup-self, then the write
    expect(seen).toEqual([
      { token: "root", ns: "team-a", req: "true", path: "/v1/auth/token/lookup-self" },
      { token: "root", ns: "team-a", req: "true", path: "/v1/secret/data/keywarden/a%20b" },
    ]);
  });

  it("uses another mount when configured", async () => {
    env.server.use(
      http.post(
        `${VAULT_ADDR}/v1/other/data/x`,
        () => new Response('{"errors":["no handler"]}', { status: 404 }),
      ),
    );
    const error = await env
      .client({ kvMount: "other" })
      .kv.write("x", { a: 1 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(VaultNotFoundError);
    expect(error.path).toBe("/v1/other/data/x");
  });
});
