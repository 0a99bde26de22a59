import { describe, expect, it } from "vitest";
import { reportedCapabilities } from "../../src/vault/auth/policies.js";
import { parsePolicyHcl } from "../../src/vault/index.js";
import { createKit } from "./vault-test-kit.js";

// sys/capabilities-self is not in kv2-contract.md: every expected body below follows Vault's source
// as cited in src/vault/http/sys-capabilities.ts (handleCapabilities, HTTPSysInjector). The injected
// top-level copies come in Go map order on a real server (random); the emulation sorts them.
const ENV_HEAD = '"request_id":"<uuid>","lease_id":"","renewable":false,"lease_duration":0,';
const SYS_TAIL = ',"wrap_info":null,"warnings":null,"auth":null,"mount_type":"system"}\n';

const ROTATOR_POLICY = `
path "secret/data/keywarden/*" { capabilities = ["update", "read", "create"] }
path "secret/metadata/keywarden/*" { capabilities = ["list", "update", "read", "create"] }
path "secret/data/keywarden/locked" { capabilities = ["deny"] }
path "sys/mounts" { capabilities = ["sudo", "read"] }
`;

function withToken() {
  const kit = createKit({ policies: { rotator: ROTATOR_POLICY } });
  const token = kit.vault.state.createToken({ policies: ["rotator"] }).id;
  return { ...kit, token };
}

describe("sys/capabilities-self on the wire", () => {
  it('root: every path is ["root"], each entry both at the top level and in data, mount_type system', () => {
    const { call } = createKit();
    const reply = call("POST", "/v1/sys/capabilities-self", {
      body: { paths: ["secret/metadata/a", "secret/data/a"] },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers).toMatchObject({ "Content-Type": "application/json", "Cache-Control": "no-store" });
    expect(reply.text).toBe(
      `{"secret/data/a":["root"],"secret/metadata/a":["root"],${ENV_HEAD}"data":{"secret/data/a":["root"],"secret/metadata/a":["root"]}${SYS_TAIL}`,
    );
  });

  it('a policy token: capabilities sorted as sort.Strings does, ["deny"] for none and for an explicit deny', () => {
    const { call, token } = withToken();
    const reply = call("POST", "/v1/sys/capabilities-self", {
      token,
      body: {
        paths: [
          "secret/data/keywarden/billing",
          "secret/metadata/keywarden/billing",
          "secret/data/other",
          "secret/data/keywarden/locked",
          "sys/mounts",
        ],
      },
    });
    expect(reply.status).toBe(200);
    const entries =
      '"secret/data/keywarden/billing":["create","read","update"],"secret/data/keywarden/locked":["deny"],"secret/data/other":["deny"],"secret/metadata/keywarden/billing":["create","list","read","update"],"sys/mounts":["read","sudo"]';
    expect(reply.text).toBe(`{${entries},${ENV_HEAD}"data":{${entries}}${SYS_TAIL}`);
  });

  it("exactly one path adds the backwards-compatible `capabilities` copy; PUT is the same as POST", () => {
    const { call, token } = withToken();
    for (const method of ["POST", "PUT"]) {
      const reply = call(method, "/v1/sys/capabilities-self", {
        token,
        body: { paths: ["secret/data/keywarden/billing"] },
      });
      const entries =
        '"capabilities":["create","read","update"],"secret/data/keywarden/billing":["create","read","update"]';
      expect([reply.status, reply.text]).toEqual([
        200,
        `{${entries},${ENV_HEAD}"data":{${entries}}${SYS_TAIL}`,
      ]);
    }
  });

  it("the deprecated `path`, and comma-separated strings, split and trimmed (TypeCommaStringSlice)", () => {
    const { call, token } = withToken();
    const single = call("POST", "/v1/sys/capabilities-self", {
      token,
      body: { path: "secret/data/keywarden/a" },
    }).json();
    expect(single.data).toEqual({
      capabilities: ["create", "read", "update"],
      "secret/data/keywarden/a": ["create", "read", "update"],
    });
    const split = call("POST", "/v1/sys/capabilities-self", {
      token,
      body: { paths: "secret/data/keywarden/a, secret/data/other" },
    }).json();
    expect(split.data).toEqual({
      "secret/data/keywarden/a": ["create", "read", "update"],
      "secret/data/other": ["deny"],
    });
    // `paths` wins over `path` when both are given
    const both = call("POST", "/v1/sys/capabilities-self", {
      token,
      body: { paths: ["secret/data/other"], path: "secret/data/keywarden/a" },
    }).json();
    expect(Object.keys(both.data).sort()).toEqual(["capabilities", "secret/data/other"]);
  });

  it("unknown fields are ignored with Vault's warning; token and namespace are known fields", () => {
    const { call } = createKit();
    const reply = call("POST", "/v1/sys/capabilities-self", {
      body: { paths: ["a"], token: "ignored", namespace: "", zeta: 1, alpha: true },
    });
    expect(reply.text).toContain(
      ',"warnings":["Endpoint ignored these unrecognized parameters: [alpha zeta]"],"auth":null,"mount_type":"system"}\n',
    );
  });

  it("a path named like an envelope field is a duplicate key, as HTTPSysInjector writes it", () => {
    const { call } = createKit();
    const reply = call("POST", "/v1/sys/capabilities-self", { body: { paths: ["data"] } });
    expect(reply.text).toBe(
      `{"capabilities":["root"],"data":["root"],${ENV_HEAD}"data":{"capabilities":["root"],"data":["root"]}${SYS_TAIL}`,
    );
  });

  it('no paths: 400 {"errors":["paths must be supplied"]}; an empty path: 400 "missing path" (multierror)', () => {
    const { call, token } = withToken();
    for (const body of [undefined, {}, { paths: [] }, { paths: "" }, { path: [] }]) {
      const reply = call("POST", "/v1/sys/capabilities-self", { token, body });
      expect([reply.status, reply.body]).toEqual([400, '{"errors":["paths must be supplied"]}\n']);
    }
    const empty = call("POST", "/v1/sys/capabilities-self", { token, body: { paths: ["a", " "] } });
    expect([empty.status, empty.body]).toEqual([
      400,
      '{"errors":["1 error occurred:\\n\\t* missing path\\n\\n"]}\n',
    ]);
  });

  it("no token, a bad token, and a token without the default policy: the three 403 bodies of §6", () => {
    const { call, vault } = createKit();
    const noToken = call("POST", "/v1/sys/capabilities-self", { token: null, body: { paths: ["a"] } });
    expect([noToken.status, noToken.body]).toEqual([403, '{"errors":["permission denied"]}\n']);
    const bad = call("POST", "/v1/sys/capabilities-self", { token: "hvs.nope", body: { paths: ["a"] } });
    expect([bad.status, bad.body]).toEqual([
      403,
      '{"errors":["2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n"]}\n',
    ]);
    const noDefault = vault.state.tokens.issue({
      policies: ["rotator"],
      displayName: "token",
      path: "auth/token/create",
      ttl: 3600,
    }).id;
    const denied = call("POST", "/v1/sys/capabilities-self", { token: noDefault, body: { paths: ["a"] } });
    expect([denied.status, denied.body]).toEqual([
      403,
      '{"errors":["1 error occurred:\\n\\t* permission denied\\n\\n"]}\n',
    ]);
  });

  it("only update is served: GET is an ACL 403 under the default policy and 405 for root; sealed is 503", () => {
    const { call, vault, token } = withToken();
    expect(call("GET", "/v1/sys/capabilities-self", { token }).status).toBe(403);
    const get = call("GET", "/v1/sys/capabilities-self");
    expect([get.status, get.body]).toEqual([
      405,
      '{"errors":["1 error occurred:\\n\\t* unsupported operation\\n\\n"]}\n',
    ]);
    vault.state.seal();
    const sealed = call("POST", "/v1/sys/capabilities-self", { body: { paths: ["a"] } });
    expect([sealed.status, sealed.body]).toEqual([503, '{"errors":["Vault is sealed"]}\n']);
  });
});

describe("reportedCapabilities (ACL.Capabilities' LIST-style evaluation)", () => {
  it("strips leading slashes, and for a trailing slash falls back to the exact rule without it", () => {
    const rules = parsePolicyHcl(`
      path "secret/metadata/team" { capabilities = ["list"] }
      path "secret/data/*" { capabilities = ["read", "create"] }
      path "secret/data/private/*" { capabilities = ["deny"] }`);
    expect(reportedCapabilities(rules, "/secret/data/a")).toEqual(["create", "read"]);
    expect(reportedCapabilities(rules, "secret/metadata/team/")).toEqual(["list"]);
    expect(reportedCapabilities(rules, "secret/metadata/other")).toEqual(["deny"]);
    // the deny on private/* applies to the folder itself when asked with its trailing slash
    expect(reportedCapabilities(rules, "secret/data/private/")).toEqual(["deny"]);
    expect(reportedCapabilities(rules, "secret/data/private")).toEqual(["create", "read"]);
  });
});
