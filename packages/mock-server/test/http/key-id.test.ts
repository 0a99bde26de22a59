import { beforeEach, describe, expect, it } from "vitest";
import { KeyService } from "../../src/keys/key-service.js";
import type { KeyInput } from "../../src/keys/model.js";
import { useKeyServiceMock } from "../../src/vitest.js";
import { apiClient } from "../support/api.js";

useKeyServiceMock({ now: Date.parse("2026-01-10T08:00:00Z") });
const api = apiClient();
let token: string;
beforeEach(async () => {
  token = await api.login();
});

const KEY_ID = /^key_[0-9a-f]{32}$/;

describe("the public keyId", () => {
  it("is given on create, differs between keys and is shown by get, list and revoke alike", async () => {
    const first = await api.createKey(token, { name: "one" });
    const second = await api.createKey(token, { name: "two" });
    expect(first.keyId).toMatch(KEY_ID);
    expect(second.keyId).toMatch(KEY_ID);
    expect(second.keyId).not.toBe(first.keyId);
    const read = await (await api.call("GET", `/api/api-keys/${first.id}`, { token })).json();
    const listed = await (await api.call("GET", "/api/api-keys?sort=id,asc", { token })).json();
    const revoked = await (await api.call("POST", `/api/api-keys/${first.id}/revoke`, { token })).json();
    expect([read.keyId, listed[0].keyId, revoked.keyId]).toEqual([first.keyId, first.keyId, first.keyId]);
  });

  it("never changes: an update may repeat it, another value is a 400 naming keyId", async () => {
    const key = await api.createKey(token, { name: "ci" });
    const same = await api.call("PUT", `/api/api-keys/${key.id}`, {
      token,
      json: { name: "renamed", keyId: key.keyId },
    });
    expect(same.status).toBe(200);
    const other = await api.call("PUT", `/api/api-keys/${key.id}`, {
      token,
      json: { name: "renamed", keyId: "key_00000000000000000000000000000000" },
    });
    expect(other.status).toBe(400);
    expect(other.headers.get("x-utmstack-error")).toBe(
      `keyId: is immutable; send the key's own keyId (${key.keyId}) or leave it out`,
    );
    const generated = await api.generate(token, key.id);
    expect(generated).toHaveLength(43);
    expect((await (await api.call("GET", `/api/api-keys/${key.id}`, { token })).json()).keyId).toBe(
      key.keyId,
    );
  });

  it("cannot be chosen on create", async () => {
    const response = await api.call("POST", "/api/api-keys", {
      token,
      json: { name: "ci", allowedIp: [], keyId: "key_00000000000000000000000000000000" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-utmstack-error")).toBe("keyId: is assigned by the server; leave it out");
  });

  it("is not accepted where a key id is: paths take the numeric id", async () => {
    const key = await api.createKey(token, { name: "ci" });
    const response = await api.call("GET", `/api/api-keys/${key.keyId}`, { token });
    expect(response.status).toBe(400);
  });

  it("is carried by the key's usage documents, where it can be searched", async () => {
    const { key, secret } = await api.keyWithSecret(token, { name: "ci" });
    await api.call("POST", "/api/elasticsearch/search?top=1&indexPattern=alert-*", {
      headers: { "x-api-key": secret },
      json: [],
    });
    const usage = await api.call("POST", "/api/api-keys/usage?top=10&indexPattern=v11-api-access-logs-*", {
      token,
      json: [{ field: "keyId", operator: "IS", value: key.keyId }],
    });
    expect((await usage.json()).map((entry: { keyId: string }) => entry.keyId)).toEqual([key.keyId]);
  });
});

describe("KeyService's keyIds", () => {
  const input = (name: string): KeyInput => ({
    name,
    description: null,
    allowedIp: [],
    expiresAt: null,
    authorizationGroup: null,
  });

  it("are never reused, not even a deleted key's, when the random source repeats itself", () => {
    let draws = 0;
    // the first three draws are the same bytes, then they differ
    const random = (size: number) => new Uint8Array(size).fill(draws++ < 3 ? 7 : draws);
    const keys = new KeyService(
      { keyLimit: null, uniqueNamesOnUpdate: true, allowlistMatching: "ipaddr" },
      random,
    );
    const first = keys.create(1, input("one"), 0);
    keys.delete(1, first.id);
    const second = keys.create(1, input("two"), 0);
    expect(first.keyId).toBe(`key_${"07".repeat(16)}`);
    expect(second.keyId).not.toBe(first.keyId);
    expect(second.keyId).toMatch(KEY_ID);
  });
});
