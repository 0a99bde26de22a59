import { beforeEach, describe, expect, it } from "vitest";
import { apiClient, daysFrom } from "../support/api.js";
import { API_KEYS_NOW as NOW, useApiKeysMock } from "../support/api-keys-mock.js";

const mock = useApiKeysMock();
const api = apiClient();
let token: string;
beforeEach(async () => {
  token = await api.login();
});

describe("list", () => {
  beforeEach(async () => {
    await api.createKey(token, { name: "bravo", expiresAt: daysFrom(NOW, 3) });
    mock.clock.advance("1h");
    await api.createKey(token, { name: "alpha", expiresAt: daysFrom(NOW, 60) });
    mock.clock.advance("1h");
    await api.createKey(token, { name: "charlie", expiresAt: null });
  });

  it("pages with X-Total-Count and JHipster's Link rebuilt from the request URL", async () => {
    const response = await api.call("GET", "/api/api-keys?page=1&size=1&sort=name,asc", { token });
    expect(response.headers.get("x-total-count")).toBe("3");
    expect(response.headers.get("link")).toBe(
      [
        '<http://utm.test/api/api-keys?sort=name%2Casc&page=2&size=1>; rel="next"',
        '<http://utm.test/api/api-keys?sort=name%2Casc&page=0&size=1>; rel="prev"',
        '<http://utm.test/api/api-keys?sort=name%2Casc&page=2&size=1>; rel="last"',
        '<http://utm.test/api/api-keys?sort=name%2Casc&page=0&size=1>; rel="first"',
      ].join(","),
    );
    expect((await response.json()).map((key: { name: string }) => key.name)).toEqual(["bravo"]);
  });

  it("sorts by any sortable field and direction, nulls last ascending", async () => {
    const names = async (sort: string) =>
      (await (await api.call("GET", `/api/api-keys?sort=${sort}`, { token })).json()).map(
        (key: { name: string }) => key.name,
      );
    expect(await names("name,desc")).toEqual(["charlie", "bravo", "alpha"]);
    expect(await names("createdAt,desc")).toEqual(["charlie", "alpha", "bravo"]);
    expect(await names("expiresAt,asc")).toEqual(["bravo", "alpha", "charlie"]);
  });

  it("refuses an unknown sort property with 400", async () => {
    const response = await api.call("GET", "/api/api-keys?sort=secret,asc", { token });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-utmstack-error")).toContain('unknown property "secret"');
  });

  it("filters by status and by expiry state", async () => {
    await api.call("POST", "/api/api-keys/3/revoke", { token });
    const names = async (query: string) =>
      (await (await api.call("GET", `/api/api-keys?${query}`, { token })).json()).map(
        (key: { name: string }) => key.name,
      );
    expect(await names("status=REVOKED")).toEqual(["charlie"]);
    expect(await names("status=ACTIVE")).toEqual(["bravo", "alpha"]);
    expect(await names("expiry=EXPIRING_SOON")).toEqual(["bravo"]);
    expect(await names("expiry=VALID")).toEqual(["alpha", "charlie"]);
    mock.clock.advance("4d");
    token = await api.login();
    expect(await names("expiry=EXPIRED")).toEqual(["bravo"]);
    expect((await api.call("GET", "/api/api-keys?expiry=SOON", { token })).status).toBe(400);
  });

  it("gives an empty page X-Total-Count 0 and last page -1", async () => {
    const response = await api.call("GET", "/api/api-keys?status=REVOKED", { token });
    expect(response.headers.get("x-total-count")).toBe("0");
    expect(response.headers.get("link")).toContain('page=-1&size=20>; rel="last"');
  });
});

describe("permissions", () => {
  it("answers 403 with Spring's body when a permission is missing, and allows what is granted", async () => {
    const viewer = await api.login("viewer", "viewer");
    expect((await api.call("GET", "/api/api-keys", { token: viewer })).status).toBe(200);
    const denied = await api.call("POST", "/api/api-keys", {
      token: viewer,
      json: { name: "nope", allowedIp: [] },
    });
    expect(denied.status).toBe(403);
    expect(denied.headers.get("x-utmstack-error")).toBe("Missing permission api.key.create");
    expect(await denied.json()).toMatchObject({ status: 403, error: "Forbidden", path: "/api/api-keys" });
    for (const [method, path, permission] of [
      ["PUT", "/api/api-keys/1", "api.key.update"],
      ["DELETE", "/api/api-keys/1", "api.key.delete"],
      ["POST", "/api/api-keys/1/generate", "api.key.create"],
      ["POST", "/api/api-keys/1/revoke", "api.key.delete"],
    ] as const) {
      const response = await api.call(method, path, {
        token: viewer,
        json: method === "PUT" ? { name: "xx" } : undefined,
      });
      expect(response.status).toBe(403);
      expect(response.headers.get("x-utmstack-error")).toBe(`Missing permission ${permission}`);
    }
  });
});
