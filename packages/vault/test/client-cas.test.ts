import { describe, expect, it } from "vitest";
import { type CasCurrent, VaultCasConflictError, VaultCasMismatchError } from "../src/index.js";
import { useVaultEmulation } from "./support/vault-kit.js";

const env = useVaultEmulation();

interface Rotation extends Record<string, unknown> {
  api_key: string;
  rotation: number;
}

describe("Vault client: check-and-set between concurrent writers", () => {
  it("two writers with the same cas: exactly one wins, the other gets a CAS mismatch", async () => {
    const a = env.client();
    const b = env.client();
    await a.kv.write("keywarden/app", { api_key: "old" });
    const results = await Promise.allSettled([
      a.kv.write("keywarden/app", { api_key: "from-a" }, { cas: 1 }),
      b.kv.write("keywarden/app", { api_key: "from-b" }, { cas: 1 }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(VaultCasMismatchError);
    const stored = (await a.kv.read("keywarden/app")).data.api_key;
    expect(stored).toBe(results[0]?.status === "fulfilled" ? "from-a" : "from-b");
  });

  it("writeWithCas: the loser re-reads, sees the winner's rotation and reports 'unchanged'", async () => {
    const a = env.client();
    const b = env.client();
    // each writer rotates only if the stored rotation is older than the one it carries
    const rotateTo = (rotation: number, api_key: string) => (current: CasCurrent<Rotation>) =>
      (current.secret?.data.rotation ?? 0) >= rotation ? undefined : { api_key, rotation };
    const [ra, rb] = await Promise.all([
      a.writeWithCas("keywarden/app", rotateTo(1, "key-a")),
      b.writeWithCas("keywarden/app", rotateTo(1, "key-b")),
    ]);
    const outcomes = [ra.status, rb.status].sort();
    expect(outcomes).toEqual(["unchanged", "written"]);
    const loser = ra.status === "unchanged" ? ra : rb;
    expect([loser.version, loser.attempts]).toEqual([1, 2]);
    expect((await a.kv.readMetadata("keywarden/app")).current_version).toBe(1);
  });

  it("writeWithCas: a loser that still needs its change writes on top of the winner after re-reading", async () => {
    const a = env.client();
    const b = env.client();
    const append = (tag: string) => (current: CasCurrent<Record<string, unknown>>) => ({
      ...current.secret?.data,
      [tag]: true,
    });
    const [ra, rb] = await Promise.all([
      a.writeWithCas("keywarden/merge", append("a")),
      b.writeWithCas("keywarden/merge", append("b")),
    ]);
    expect([ra.status, rb.status]).toEqual(["written", "written"]);
    expect([ra.version, rb.version].sort()).toEqual([1, 2]);
    expect((await a.kv.read("keywarden/merge")).data).toEqual({ a: true, b: true });
  });

  it("writeWithCas writes on top of a soft-deleted latest version using its version as cas", async () => {
    const vault = env.client();
    await vault.kv.write("keywarden/app", { api_key: "one", rotation: 1 });
    await vault.kv.deleteLatest("keywarden/app");
    const outcome = await vault.writeWithCas<Rotation>("keywarden/app", (current) => {
      expect([current.secret, current.version]).toEqual([undefined, 1]);
      return { api_key: "two", rotation: 2 };
    });
    expect(outcome).toMatchObject({ status: "written", version: 2, attempts: 1 });
  });

  it("gives up with a clear error when other writers keep winning", async () => {
    const vault = env.client();
    const rival = env.client();
    let n = 0;
    const error = await vault
      .writeWithCas(
        "keywarden/busy",
        async (current) => {
          // a rival writes between our read and our write, every time
          await rival.kv.write("keywarden/busy", { n: ++n }, { cas: current.version });
          return { mine: true };
        },
        { maxAttempts: 3 },
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(VaultCasConflictError);
    expect([error.attempts, error.message]).toEqual([
      3,
      "Vault POST /v1/secret/data/keywarden/busy: check-and-set lost 3 times in a row to concurrent writers; giving up",
    ]);
  });
});
