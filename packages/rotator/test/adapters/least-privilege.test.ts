import { readFileSync } from "node:fs";
import { VaultForbiddenError } from "@keywarden/vault";
import { describe, expect, it } from "vitest";
import { useVaultEmulation } from "../../../vault/test/support/vault-kit.js";

/** The policy exactly as docs/vault.md prints it (its first ```hcl block). */
const DOCUMENTED_POLICY = (() => {
  const doc = readFileSync(new URL("../../../../docs/vault.md", import.meta.url), "utf8");
  const block = /```hcl\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error("docs/vault.md has no ```hcl block");
  return block[1] as string;
})();

const env = useVaultEmulation({ policies: { "keywarden-rotator": DOCUMENTED_POLICY } });

function rotatorClient() {
  env.vault.state.addRole({
    name: "keywarden-rotator",
    policies: ["keywarden-rotator"],
    roleId: "rid",
    secretIds: ["sid"],
    tokenTtl: 3600,
  });
  return env.client({ token: undefined, appRole: { roleId: "rid", secretId: "sid" } });
}

describe("Vault client under the documented least-privilege policy", () => {
  it("can do everything a rotation needs under secret/keywarden/", async () => {
    const vault = rotatorClient();
    await vault.kv.writeMetadata("keywarden/app", {
      custom_metadata: { "managed-by": "keywarden", "key-id": "7" },
    });
    const first = await vault.writeWithCas("keywarden/app", () => ({ api_key: "k1", key_id: "7" }));
    const second = await vault.writeWithCas("keywarden/app", ({ secret }) => ({
      ...secret?.data,
      api_key: "k2",
    }));
    expect([first.status, first.version, second.version]).toEqual(["written", 1, 2]);
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ api_key: "k2", key_id: "7" });
    expect((await vault.kv.read("keywarden/app", { version: 1 })).data.api_key).toBe("k1");
    await vault.kv.writeMetadata("keywarden/app", {
      custom_metadata: { "managed-by": "keywarden", "key-id": "8" },
    });
    expect((await vault.kv.readMetadata("keywarden/app")).custom_metadata).toEqual({
      "managed-by": "keywarden",
      "key-id": "8",
    });
    expect(await vault.kv.list("keywarden/")).toEqual(["app"]);
    expect((await vault.lookupSelf()).policies).toEqual(["default", "keywarden-rotator"]);
  });

  it("is refused, with reason 'denied', outside its prefix and for operations it does not need", async () => {
    const vault = rotatorClient();
    await vault.kv.write("keywarden/app", { api_key: "k1" });
    const attempts = [
      vault.kv.write("other/app", { api_key: "x" }),
      vault.kv.read("other/app"),
      vault.kv.patch("keywarden/app", { api_key: "x" }),
      vault.kv.deleteLatest("keywarden/app"),
      vault.kv.destroyVersions("keywarden/app", [1]),
      vault.kv.deleteMetadata("keywarden/app"),
      vault.kv.list(""),
    ];
    for (const result of await Promise.allSettled(attempts)) {
      expect(result.status).toBe("rejected");
      const error = (result as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(VaultForbiddenError);
      expect(error.reason).toBe("denied");
    }
    expect((await vault.kv.read("keywarden/app")).data).toEqual({ api_key: "k1" });
  });
});
