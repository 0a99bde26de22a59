import { useKeyServiceMock } from "@keywarden/mock-server/vitest";
import { describe, expect, it } from "vitest";
import { apiClient } from "../support/api.js";

useKeyServiceMock({ trustProxy: false });
const api = apiClient();
const SEARCH = "/api/elasticsearch/search?top=10&indexPattern=alert-*&size=1";

describe("client address without trustProxy", () => {
  it("is 127.0.0.1 in-process, and X-Forwarded-For cannot change it", async () => {
    const token = await api.login();
    const local = await api.keyWithSecret(token, { name: "local", allowedIp: ["127.0.0.1"] });
    const remote = await api.keyWithSecret(token, { name: "remote", allowedIp: ["10.0.0.1"] });
    const forwarded = { "x-forwarded-for": "10.0.0.1" };
    expect(
      (await api.call("POST", SEARCH, { headers: { "x-api-key": local.secret, ...forwarded }, json: [] }))
        .status,
    ).toBe(200);
    const refused = await api.call("POST", SEARCH, {
      headers: { "x-api-key": remote.secret, ...forwarded },
      json: [],
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-utmstack-error")).toContain("Invalid IP address: 127.0.0.1");
  });
});
