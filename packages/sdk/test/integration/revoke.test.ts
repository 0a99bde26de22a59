import { describe, expect, it } from "vitest";
import { ConflictError } from "../../src/index.js";
import { daysFromNow, useKeyServiceMock } from "./harness.js";

describe("Keywarden extensions (documented profile)", () => {
  const { mock, client } = useKeyServiceMock("documented", { keyLimit: 3 });

  it("revokes a key: it stays listed as REVOKED and its secret stops working", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({
      name: "to-revoke",
      description: "ci",
      expiresAt: daysFromNow(mock, 9),
    });
    const secret = await kw.apiKeys.generate(key.id);
    expect(await kw.apiKeys.verify(secret)).toBe(true);
    const revoked = await kw.apiKeys.revoke(key.id);
    expect(revoked).toMatchObject({ id: key.id, status: "REVOKED", description: "ci" });
    expect(await kw.apiKeys.verify(secret)).toBe(false);
    expect((await kw.apiKeys.list({ status: "REVOKED" }).toArray()).map((k) => k.id)).toEqual([key.id]);
    expect(await kw.apiKeys.list({ status: "ACTIVE" }).toArray()).toEqual([]);
  });

  it("filters by expiry state against the server's clock", async () => {
    const kw = client();
    await kw.apiKeys.create({ name: "soon", expiresAt: daysFromNow(mock, 3) });
    await kw.apiKeys.create({ name: "later", expiresAt: daysFromNow(mock, 60) });
    const soon = await kw.apiKeys.list({ expiry: "EXPIRING_SOON" }).toArray();
    expect(soon.map((k) => k.name)).toEqual(["soon"]);
  });

  it("refuses a key past the per-user limit with ConflictError stating the limit", async () => {
    const kw = client();
    for (const name of ["k1", "k2", "k3"]) await kw.apiKeys.create({ name });
    const error = (await kw.apiKeys.create({ name: "k4" }).catch((e: unknown) => e)) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.reason).toContain("3");
  });
});
