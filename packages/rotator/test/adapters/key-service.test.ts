import { createKeyServiceMock } from "@keywarden/mock-server";
import { createKeywardenClient } from "@keywarden/sdk";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createKeyServiceAdapter } from "../../src/adapters/key-service.js";
import { NameTakenError, PermanentError, RateLimitedError, TransientError } from "../../src/port-errors.js";

const API = "http://utm.test";
const DAY = 86_400_000;
const SECRET_A = "a-secret-0000000000000000000000000000000000";
const SECRET_B = "b-secret-0000000000000000000000000000000000";
const mock = createKeyServiceMock({
  keyLimit: 3,
  seed: {
    alertCount: 0,
    keys: [
      {
        owner: "admin",
        name: "alpha",
        secret: SECRET_A,
        expiresAt: new Date(Date.now() + 2 * DAY).toISOString(),
        allowedIp: ["10.0.0.0/8", "127.0.0.1"],
      },
      {
        owner: "admin",
        name: "beta",
        secret: SECRET_B,
        expiresAt: new Date(Date.now() + 9 * DAY).toISOString(),
      },
    ],
  },
});
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

function adapter() {
  const sdk = createKeywardenClient({
    baseUrl: API,
    auth: { username: "admin", password: "admin" },
    retry: false,
  });
  return createKeyServiceAdapter(sdk, {
    probeClient: (secret) => createKeywardenClient({ baseUrl: API, auth: { apiKey: secret }, retry: false }),
  });
}

describe("key-service adapter over the SDK (in-process mock)", () => {
  it("maps keys onto records: string ids, epoch times, status", async () => {
    const keys = [];
    for await (const key of adapter().listKeys()) keys.push(key);
    expect(keys).toEqual([
      expect.objectContaining({
        id: "1",
        name: "alpha",
        allowedIp: ["10.0.0.0/8", "127.0.0.1"],
        status: "active",
        expiresAt: expect.any(Number),
      }),
      expect.objectContaining({ id: "2", name: "beta" }),
    ]);
    expect(await adapter().getKey("99")).toBeUndefined();
    expect(await adapter().findKeyByName("beta")).toMatchObject({ id: "2" });
  });

  it("accepts a working secret (probing one key) and refuses an unknown one", async () => {
    const keys = adapter();
    expect(await keys.authenticate(SECRET_A, "1")).toBe("accepted");
    expect(await keys.authenticate("not-a-real-secret-00000000000000000000000000", "1")).toBe("refused");
    expect(await keys.authenticate(SECRET_B)).toBe("accepted");
  });

  it("translates failures: duplicate name, key limit, 429, 5xx", async () => {
    const keys = adapter();
    const settings = {
      allowedIp: [],
      description: null,
      expiresAt: Date.now() + DAY,
      authorizationGroup: null,
    };
    await expect(keys.createKey({ ...settings, name: "alpha" })).rejects.toBeInstanceOf(NameTakenError);
    await keys.createKey({ ...settings, name: "gamma" });
    const limit = await keys.createKey({ ...settings, name: "delta" }).catch((error: unknown) => error);
    expect(limit).toBeInstanceOf(PermanentError);
    expect((limit as PermanentError).reason).toMatch(/limit/);
    mock.faults.add({
      path: "/api/api-keys/:id",
      method: "GET",
      status: 429,
      retryAfterSeconds: 2,
      times: 1,
    });
    const limited = await keys.getKey("1").catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(2000);
    mock.faults.add({ path: "/api/api-keys/:id", method: "GET", status: 503, times: 1 });
    await expect(keys.getKey("1")).rejects.toBeInstanceOf(TransientError);
  });

  it("retires by renaming then revoking; an expired key is deleted instead", async () => {
    const keys = adapter();
    const a = await keys.getKey("1");
    expect(await keys.retireKey(a!, "alpha~retired-1")).toBe("revoked");
    expect(await keys.getKey("1")).toMatchObject({ name: "alpha~retired-1", status: "revoked" });
    const b = await keys.getKey("2");
    expect(await keys.retireKey({ ...b!, expiresAt: Date.now() - 1 }, "beta~retired-2")).toBe("deleted");
    expect(await keys.getKey("2")).toBeUndefined();
  });
});
