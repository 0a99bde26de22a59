import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../../src/index.js";
import { daysFromNow, KEY_HEADER, PROFILES, useKeyServiceMock } from "./harness.js";

describe.each(PROFILES)("API keys against the %s mock", (profile) => {
  const { mock, client } = useKeyServiceMock(profile);

  it("creates a key without returning its secret, then generates the secret once", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({
      name: "billing",
      allowedIp: ["10.0.0.0/8"],
      expiresAt: daysFromNow(mock, 90),
    });
    expect(key).toMatchObject({ name: "billing", allowedIp: ["10.0.0.0/8"] });
    // UTMStack v11's mapper never sets generatedAt
    if (profile === "utmstack-v11") expect(key.generatedAt).toBeNull();
    expect(typeof key.id).toBe("number");
    expect(JSON.stringify(key)).not.toMatch(/[A-Za-z0-9_-]{43}/);
    const secret = await kw.apiKeys.generate(key.id);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("reads, updates and deletes a key", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({ name: "reports" });
    expect(await kw.apiKeys.get(key.id)).toMatchObject({ id: key.id, name: "reports", expiresAt: null });
    const updated = await kw.apiKeys.update(key.id, {
      name: "reports-2",
      allowedIp: ["192.168.1.10"],
      expiresAt: daysFromNow(mock, 30),
    });
    expect(updated).toMatchObject({ id: key.id, name: "reports-2", allowedIp: ["192.168.1.10"] });
    await expect(kw.apiKeys.delete(key.id)).resolves.toBeUndefined();
    await expect(kw.apiKeys.get(key.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers an unknown id with NotFoundError on every operation (404, or v11's 500)", async () => {
    const kw = client();
    const expected = profile === "documented" ? 404 : 500;
    for (const call of [
      () => kw.apiKeys.get(999),
      () => kw.apiKeys.update(999, { name: "x1" }),
      () => kw.apiKeys.delete(999),
      () => kw.apiKeys.generate(999),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).status).toBe(expected);
    }
  });

  it("refuses a duplicate name with ConflictError carrying UTMStack's reason", async () => {
    const kw = client();
    await kw.apiKeys.create({ name: "dup" });
    const error = (await kw.apiKeys.create({ name: "dup" }).catch((e: unknown) => e)) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(error.reason).toContain("already exists");
    expect(error.method).toBe("POST");
  });

  it("regenerating kills the previous secret at once", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({ name: "rotating", expiresAt: daysFromNow(mock, 30) });
    const first = await kw.apiKeys.generate(key.id);
    const header = KEY_HEADER[profile];
    expect(await kw.apiKeys.verify(first, { header })).toBe(true);
    const second = await kw.apiKeys.generate(key.id);
    expect(second).not.toBe(first);
    expect(await kw.apiKeys.verify(first, { header })).toBe(false);
    expect(await kw.apiKeys.verify(second, { header })).toBe(true);
  });

  it("an API key authenticates the SDK itself", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({ name: "self", expiresAt: daysFromNow(mock, 30) });
    const secret = await kw.apiKeys.generate(key.id);
    const byKey = client({ auth: { apiKey: secret, header: KEY_HEADER[profile] } });
    expect((await byKey.apiKeys.get(key.id)).name).toBe("self");
  });

  it("an expired key stops authenticating by the mock's clock", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({ name: "short", expiresAt: daysFromNow(mock, 2) });
    const secret = await kw.apiKeys.generate(key.id);
    expect(await kw.apiKeys.verify(secret, { header: KEY_HEADER[profile] })).toBe(true);
    mock.clock.advance("3d");
    expect(await kw.apiKeys.verify(secret, { header: KEY_HEADER[profile] })).toBe(false);
  });
});
