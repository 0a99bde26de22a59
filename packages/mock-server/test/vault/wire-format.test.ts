import { describe, expect, it } from "vitest";
import { createKit, MERGE_PATCH } from "./vault-test-kit.js";

// Every expected body below is the contract's (kv2-contract.md) wire text, with ids and times
// replaced by <uuid> and <t>. The comparison is on exact bytes, trailing newline included.
const ENV_HEAD = '{"request_id":"<uuid>","lease_id":"","renewable":false,"lease_duration":0,';
const KV_TAIL = ',"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}\n';

describe("KV v2 data: write, read, patch on the wire", () => {
  it("write answers the envelope with version metadata, keys sorted, one trailing newline (§4.2)", () => {
    const { call } = createKit();
    const reply = call("POST", "/v1/secret/data/my-secret", { body: { data: { zip: "zap", foo: "bar" } } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(
      `${ENV_HEAD}"data":{"created_time":"<t>","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}${KV_TAIL}`,
    );
  });

  it("read nests the secret and its metadata, secret keys sorted whatever the write order (§4.3)", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/my-secret", { body: { data: { zip: "zap", foo: "bar" } } });
    const reply = call("GET", "/v1/secret/data/my-secret");
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(
      `${ENV_HEAD}"data":{"data":{"foo":"bar","zip":"zap"},"metadata":{"created_time":"<t>","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}}${KV_TAIL}`,
    );
  });

  it('read of a soft-deleted version is the contract\'s exact 404 raw envelope: mount_type "" and no newline', () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/my-secret", { body: { data: { a: "1" } } });
    call("DELETE", "/v1/secret/data/my-secret");
    const reply = call("GET", "/v1/secret/data/my-secret");
    expect(reply.status).toBe(404);
    expect(reply.text).toBe(
      '{"request_id":"<uuid>","lease_id":"","renewable":false,"lease_duration":0,"data":{"data":null,"metadata":{"created_time":"<t>","custom_metadata":null,"deletion_time":"<t>","destroyed":false,"version":1}},"wrap_info":null,"warnings":null,"auth":null,"mount_type":""}',
    );
  });

  it("read of a destroyed version is the same 404 shape with destroyed:true and an empty deletion_time", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/s", { body: { data: { a: "1" } } });
    expect(call("POST", "/v1/secret/destroy/s", { body: { versions: [1] } }).status).toBe(204);
    const reply = call("GET", "/v1/secret/data/s?version=1");
    expect(reply.status).toBe(404);
    expect(reply.text).toBe(
      `${ENV_HEAD}"data":{"data":null,"metadata":{"created_time":"<t>","custom_metadata":null,"deletion_time":"","destroyed":true,"version":1}},"wrap_info":null,"warnings":null,"auth":null,"mount_type":""}`,
    );
  });

  it("patch answers like a write, with the next version (§4.4)", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/p", { body: { data: { a: "1", b: "2" } } });
    const reply = call("PATCH", "/v1/secret/data/p", {
      body: { data: { a: null, c: "3" } },
      headers: MERGE_PATCH,
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(
      `${ENV_HEAD}"data":{"created_time":"<t>","custom_metadata":null,"deletion_time":"","destroyed":false,"version":2}${KV_TAIL}`,
    );
    expect(call("GET", "/v1/secret/data/p").json().data.data).toEqual({ b: "2", c: "3" });
  });

  it("patch on a deleted current version is a 404 raw envelope whose data is flat, not nested", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/p", { body: { data: { a: "1" } } });
    call("DELETE", "/v1/secret/data/p");
    const reply = call("PATCH", "/v1/secret/data/p", { body: { data: { a: "2" } }, headers: MERGE_PATCH });
    expect(reply.status).toBe(404);
    expect(reply.text).toBe(
      `${ENV_HEAD}"data":{"created_time":"<t>","custom_metadata":null,"deletion_time":"<t>","destroyed":false,"version":1},"wrap_info":null,"warnings":null,"auth":null,"mount_type":""}`,
    );
  });

  it("Go escaping reaches the wire: <, >, & as \\u003c.., U+2028, numbers read back as float64", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/esc", {
      body: '{"data":{"html":"<a&b>","ls":"x\u2028y","one":1.0,"big":12345678901234567890}}',
    });
    const body = call("GET", "/v1/secret/data/esc").body;
    expect(body).toContain(
      '"data":{"big":12345678901234567000,"html":"\\u003ca\\u0026b\\u003e","ls":"x\\u2028y","one":1}',
    );
  });
});

describe("KV v2 metadata, list and config on the wire", () => {
  it("metadata read lists every field in wire order, with versions keyed as sorted strings (§4.8)", () => {
    const { call } = createKit();
    for (let i = 0; i < 10; i++) call("POST", "/v1/secret/data/m", { body: { data: { i } } });
    call("POST", "/v1/secret/metadata/m", { body: { max_versions: 12, custom_metadata: { owner: "ops" } } });
    const reply = call("GET", "/v1/secret/metadata/m");
    expect(reply.status).toBe(200);
    const version = (n: number) =>
      `"${n}":{"created_by":{"actor":"root","operation":"${n === 1 ? "create" : "update"}"},"created_time":"<t>","deleted_by":null,"deletion_time":"","destroyed":false}`;
    const order = [1, 10, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(reply.text).toBe(
      `${ENV_HEAD}"data":{"cas_required":false,"created_time":"<t>","current_version":10,"custom_metadata":{"owner":"ops"},"delete_version_after":"0s","last_updated_by":{"actor":"root","operation":"update"},"max_versions":12,"oldest_version":1,"updated_time":"<t>","versions":{${order.map(version).join(",")}}}${KV_TAIL}`,
    );
  });

  it("list shows a folder with a trailing slash beside a key of the same name (§4.11)", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/foo", { body: { data: { a: 1 } } });
    call("POST", "/v1/secret/data/foo/bar", { body: { data: { a: 1 } } });
    for (const reply of [
      call("LIST", "/v1/secret/metadata/"),
      call("GET", "/v1/secret/metadata/?list=true"),
    ]) {
      expect(reply.status).toBe(200);
      expect(reply.text).toBe(`${ENV_HEAD}"data":{"keys":["foo","foo/"]}${KV_TAIL}`);
    }
  });

  it('an empty list is 404 {"errors":[]}', () => {
    const { call } = createKit();
    const reply = call("LIST", "/v1/secret/metadata/nothing");
    expect([reply.status, reply.body]).toEqual([404, '{"errors":[]}\n']);
  });

  it("config reads the fresh mount's values (§4.1)", () => {
    const { call } = createKit();
    expect(call("GET", "/v1/secret/config").text).toBe(
      `${ENV_HEAD}"data":{"cas_required":false,"delete_version_after":"0s","max_versions":0}${KV_TAIL}`,
    );
    call("POST", "/v1/secret/config", { body: { delete_version_after: "3h25m19s" } });
    expect(call("GET", "/v1/secret/config").json().data.delete_version_after).toBe("3h25m19s");
    call("POST", "/v1/secret/config", { body: { delete_version_after: -1 } });
    expect(call("GET", "/v1/secret/config").json().data.delete_version_after).toBe("-1s");
  });

  it("metadata write with cas_required:false under a CAS-mandating mount is 200 with only the warning", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/config", { body: { cas_required: true } });
    const reply = call("POST", "/v1/secret/metadata/w", { body: { cas_required: false } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(
      `${ENV_HEAD}"data":null,"wrap_info":null,"warnings":["\\"cas_required\\" set to false, but is mandated by backend config. This value will be ignored."],"auth":null,"mount_type":"kv"}\n`,
    );
  });

  it("a non-KV-v2 path answers the invalid-path 404 raw envelope with the CLI verb", () => {
    const { call } = createKit();
    const reply = call("GET", "/v1/secret/foo");
    expect(reply.status).toBe(404);
    expect(reply.text).toBe(
      `${ENV_HEAD}"data":null,"wrap_info":null,"warnings":["Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation."],"auth":null,"mount_type":""}`,
    );
    expect(call("GET", "/v1/secret/data/foo/").text).toContain("'vault kv get'");
    expect(call("GET", "/v1/secret/data").text).toContain(
      "Non-listing operations on the root of a K/V v2 mount are not supported.",
    );
  });
});
