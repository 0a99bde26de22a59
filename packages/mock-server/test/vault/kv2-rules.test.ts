import { describe, expect, it } from "vitest";
import { createKit } from "./vault-test-kit.js";

describe("KV v2 rules", () => {
  it("keeps max(key, mount) versions, 10 by default, with the oldest_version quirk", () => {
    const { call } = createKit();
    const write = (i: number) => call("POST", "/v1/secret/data/k", { body: { data: { i } } });
    for (let i = 1; i <= 9; i++) write(i);
    expect(call("GET", "/v1/secret/metadata/k").json().data.oldest_version).toBe(0);
    write(10);
    let meta = call("GET", "/v1/secret/metadata/k").json().data;
    expect([meta.oldest_version, Object.keys(meta.versions).length]).toEqual([1, 10]);
    write(11);
    meta = call("GET", "/v1/secret/metadata/k").json().data;
    expect([meta.oldest_version, Object.keys(meta.versions).length]).toEqual([2, 10]);
    expect(call("GET", "/v1/secret/data/k?version=1").status).toBe(404);
    expect(call("GET", "/v1/secret/data/k?version=1").body).toBe('{"errors":[]}\n');
    call("POST", "/v1/secret/metadata/k", { body: { max_versions: 3 } });
    write(12);
    meta = call("GET", "/v1/secret/metadata/k").json().data;
    expect([Object.keys(meta.versions), meta.oldest_version]).toEqual([["10", "11", "12"], 10]);
  });

  it("a key-level max_versions lower than the mount's has no effect (the larger wins)", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/config", { body: { max_versions: 5 } });
    call("POST", "/v1/secret/metadata/k", { body: { max_versions: 2 } });
    for (let i = 1; i <= 7; i++) call("POST", "/v1/secret/data/k", { body: { data: { i } } });
    expect(Object.keys(call("GET", "/v1/secret/metadata/k").json().data.versions)).toEqual([
      "3",
      "4",
      "5",
      "6",
      "7",
    ]);
  });

  it("soft delete keeps current_version: cas must name it, cas:0 fails; metadata delete starts over", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/s", { body: { data: { a: 1 } } });
    call("DELETE", "/v1/secret/data/s");
    expect(call("POST", "/v1/secret/data/s", { body: { data: { a: 2 }, options: { cas: 0 } } }).status).toBe(
      400,
    );
    expect(
      call("POST", "/v1/secret/data/s", { body: { data: { a: 2 }, options: { cas: 1 } } }).json().data
        .version,
    ).toBe(2);
    call("DELETE", "/v1/secret/metadata/s");
    expect(
      call("POST", "/v1/secret/data/s", { body: { data: { a: 3 }, options: { cas: 0 } } }).json().data
        .version,
    ).toBe(1);
  });

  it("reading latest after deleting it does not fall back to an older live version", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/s", { body: { data: { a: 1 } } });
    call("POST", "/v1/secret/data/s", { body: { data: { a: 2 } } });
    call("DELETE", "/v1/secret/data/s");
    expect(call("GET", "/v1/secret/data/s").status).toBe(404);
    expect(call("GET", "/v1/secret/data/s?version=1").json().data.data).toEqual({ a: 1 });
    call("POST", "/v1/secret/undelete/s", { body: { versions: "2" } });
    expect(call("GET", "/v1/secret/data/s").json().data.data).toEqual({ a: 2 });
  });

  it("delete_version_after: a future deletion_time still reads; once passed it is deleted; undelete re-arms it", () => {
    const { call, clock } = createKit();
    call("POST", "/v1/secret/metadata/d", { body: { delete_version_after: "1h" } });
    const written = call("POST", "/v1/secret/data/d", { body: { data: { a: 1 } } }).json().data;
    expect(written.deletion_time).toBe("2026-03-01T13:00:00.5Z");
    expect(call("GET", "/v1/secret/data/d").status).toBe(200);
    clock.advance("61m");
    expect(call("GET", "/v1/secret/data/d").status).toBe(404);
    call("POST", "/v1/secret/undelete/d", { body: { versions: [1] } });
    expect(call("GET", "/v1/secret/data/d").json().data.metadata.deletion_time).toBe(
      "2026-03-01T14:01:00.5Z",
    );
  });

  it("custom_metadata: POST replaces, PATCH merges and null removes, empty reads back null; data responses carry it", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/metadata/c", { body: { custom_metadata: { a: "1", b: "2" } } });
    call("POST", "/v1/secret/metadata/c", { body: { custom_metadata: { c: 3 } } });
    expect(call("GET", "/v1/secret/metadata/c").json().data.custom_metadata).toEqual({ c: "3" });
    call("PATCH", "/v1/secret/metadata/c", {
      body: { custom_metadata: { c: null, d: "4" } },
      headers: { "content-type": "application/merge-patch+json" },
    });
    expect(call("GET", "/v1/secret/metadata/c").json().data.custom_metadata).toEqual({ d: "4" });
    expect(
      call("POST", "/v1/secret/data/c", { body: { data: { x: 1 }, options: { cas: 0 } } }).json().data
        .custom_metadata,
    ).toEqual({ d: "4" });
    call("POST", "/v1/secret/metadata/c", { body: { custom_metadata: {} } });
    expect(call("GET", "/v1/secret/metadata/c").json().data.custom_metadata).toBeNull();
  });

  it("metadata POST with no known field is a 204 that creates nothing", () => {
    const { call } = createKit();
    expect(call("POST", "/v1/secret/metadata/n", { body: { other: 1 } }).status).toBe(204);
    expect(call("GET", "/v1/secret/metadata/n").status).toBe(404);
  });

  it("list hides soft-deleted keys only with exclude_deleted=true; folders stay", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/app/a", { body: { data: { v: 1 } } });
    call("POST", "/v1/secret/data/app/b", { body: { data: { v: 1 } } });
    call("POST", "/v1/secret/data/app/sub/c", { body: { data: { v: 1 } } });
    call("DELETE", "/v1/secret/data/app/b");
    expect(call("LIST", "/v1/secret/metadata/app").json().data.keys).toEqual(["a", "b", "sub/"]);
    expect(call("LIST", "/v1/secret/metadata/app?exclude_deleted=true").json().data.keys).toEqual([
      "a",
      "sub/",
    ]);
  });

  it("more mounts are configurable and independent", () => {
    const { call } = createKit({ mounts: ["secret", "team-kv"] });
    call("POST", "/v1/team-kv/data/x", { body: { data: { v: 1 } } });
    expect(call("GET", "/v1/team-kv/data/x").status).toBe(200);
    expect(call("GET", "/v1/secret/data/x").status).toBe(404);
  });

  it("reset forgets secrets and tokens but keeps the configured roles", () => {
    const { call, vault } = createKit({ roles: [{ name: "r", roleId: "rid", secretIds: ["sid"] }] });
    call("POST", "/v1/secret/data/x", { body: { data: { v: 1 } } });
    const extra = vault.state.createToken({ policies: [] });
    vault.reset();
    expect(call("GET", "/v1/secret/data/x").status).toBe(404);
    expect(call("GET", "/v1/auth/token/lookup-self", { token: extra.id }).status).toBe(403);
    expect(
      call("POST", "/v1/auth/approle/login", { token: null, body: { role_id: "rid", secret_id: "sid" } })
        .status,
    ).toBe(200);
  });
});
