import { describe, expect, it } from "vitest";
import { capabilitiesFor, parsePolicyHcl } from "../../src/vault/auth/policies.js";
import { createKit, MERGE_PATCH } from "./vault-test-kit.js";

const KEYWARDEN_POLICY = `
# the rotator's policy
path "secret/data/keywarden/*" { capabilities = ["create", "read", "update"] }
path "secret/metadata/keywarden/*" { capabilities = ["read", "list"] }
`;

describe("ACL policies", () => {
  it("parses HCL path blocks and refuses an unknown capability with its name", () => {
    expect(parsePolicyHcl(KEYWARDEN_POLICY)).toEqual([
      { path: "secret/data/keywarden/*", capabilities: ["create", "read", "update"] },
      { path: "secret/metadata/keywarden/*", capabilities: ["read", "list"] },
    ]);
    expect(() => parsePolicyHcl('path "x" { capabilities = ["write"] }')).toThrow(
      /unknown capability "write"/,
    );
  });

  it("the most specific pattern wins; + matches one segment; deny removes everything", () => {
    const rules = parsePolicyHcl(`
      path "secret/data/*" { capabilities = ["read"] }
      path "secret/data/team/+/db" { capabilities = ["update"] }
      path "secret/data/team/secret" { capabilities = ["deny"] }`);
    expect([...capabilitiesFor(rules, "secret/data/a")]).toEqual(["read"]);
    expect([...capabilitiesFor(rules, "secret/data/team/x/db")]).toEqual(["update"]);
    expect([...capabilitiesFor(rules, "secret/data/team/x/y/db")]).toEqual(["read"]);
    expect(capabilitiesFor(rules, "secret/data/team/secret").size).toBe(0);
  });

  it("a least-privilege token works under its prefix and gets the ACL 403 elsewhere", () => {
    const { call, vault } = createKit({ policies: { keywarden: KEYWARDEN_POLICY } });
    const token = vault.state.createToken({ policies: ["keywarden"] }).id;
    expect(
      call("POST", "/v1/secret/data/keywarden/a", { token, body: { data: { k: 1 }, options: { cas: 0 } } })
        .status,
    ).toBe(200);
    expect(
      call("POST", "/v1/secret/data/keywarden/a", { token, body: { data: { k: 2 }, options: { cas: 1 } } })
        .status,
    ).toBe(200);
    expect(call("GET", "/v1/secret/data/keywarden/a", { token }).status).toBe(200);
    expect(call("LIST", "/v1/secret/metadata/keywarden/", { token }).json().data.keys).toEqual(["a"]);
    expect(call("GET", "/v1/secret/metadata/keywarden/a", { token }).status).toBe(200);
    const denied = ['{"errors":["1 error occurred:\\n\\t* permission denied\\n\\n"]}\n'];
    expect([call("GET", "/v1/secret/data/other", { token }).body]).toEqual(denied);
    expect([call("DELETE", "/v1/secret/data/keywarden/a", { token }).body]).toEqual(denied);
    expect([
      call("PATCH", "/v1/secret/data/keywarden/a", { token, body: { data: {} }, headers: MERGE_PATCH }).body,
    ]).toEqual(denied);
    expect([
      call("POST", "/v1/secret/metadata/keywarden/a", { token, body: { max_versions: 1 } }).body,
    ]).toEqual(denied);
    expect(call("GET", "/v1/auth/token/lookup-self", { token }).status).toBe(200);
  });

  it("create without update may write a new key but not overwrite it", () => {
    const { call, vault } = createKit({
      policies: { once: 'path "secret/data/*" { capabilities = ["create"] }' },
    });
    const token = vault.state.createToken({ policies: ["once"] }).id;
    expect(call("POST", "/v1/secret/data/n", { token, body: { data: { a: 1 } } }).status).toBe(200);
    expect(call("POST", "/v1/secret/data/n", { token, body: { data: { a: 2 } } }).status).toBe(403);
  });

  it("an unmounted path is 403 for a limited token and 404 for root", () => {
    const { call, vault } = createKit();
    const token = vault.state.createToken({ policies: [] }).id;
    expect(call("GET", "/v1/nope/x", { token }).status).toBe(403);
    expect(call("GET", "/v1/nope/x").status).toBe(404);
  });
});
