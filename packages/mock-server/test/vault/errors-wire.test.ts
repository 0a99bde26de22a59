import { describe, expect, it } from "vitest";
import { createKit, MERGE_PATCH } from "./vault-test-kit.js";

describe("error bodies, byte for byte (contract §1.5, §2, §6)", () => {
  it('a missing key is 404 {"errors":[]} with a newline', () => {
    const { call } = createKit();
    expect([call("GET", "/v1/secret/data/none").status, call("GET", "/v1/secret/data/none").body]).toEqual([
      404,
      '{"errors":[]}\n',
    ]);
    expect(call("GET", "/v1/secret/metadata/none").body).toBe('{"errors":[]}\n');
  });

  it("the three 403 variants: no token, invalid token, ACL denial", () => {
    const { call, vault } = createKit();
    expect(call("GET", "/v1/secret/data/x", { token: null }).body).toBe('{"errors":["permission denied"]}\n');
    expect(call("GET", "/v1/secret/data/x", { token: "hvs.unknown" }).body).toBe(
      '{"errors":["2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n"]}\n',
    );
    const limited = vault.state.createToken({ policies: [] });
    const denied = call("GET", "/v1/secret/data/x", { token: limited.id });
    expect([denied.status, denied.body]).toEqual([
      403,
      '{"errors":["1 error occurred:\\n\\t* permission denied\\n\\n"]}\n',
    ]);
  });

  it("CAS: mismatch, required, unparsable — each with Vault's text", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/c", { body: { data: { a: 1 } } });
    expect(call("POST", "/v1/secret/data/c", { body: { data: { a: 2 }, options: { cas: 0 } } }).body).toBe(
      '{"errors":["check-and-set parameter did not match the current version"]}\n',
    );
    expect(call("POST", "/v1/secret/data/c", { body: { data: { a: 2 }, options: { cas: "x" } } }).body).toBe(
      '{"errors":["error parsing check-and-set parameter"]}\n',
    );
    call("POST", "/v1/secret/metadata/c", { body: { cas_required: true } });
    const required = call("POST", "/v1/secret/data/c", { body: { data: { a: 2 } } });
    expect([required.status, required.body]).toEqual([
      400,
      '{"errors":["check-and-set parameter required for this call"]}\n',
    ]);
    expect(
      call("POST", "/v1/secret/data/c", { body: { data: { a: 2 }, options: { cas: "1" } } }).status,
    ).toBe(200);
  });

  it("a write without data is 400 no data provided", () => {
    const { call } = createKit();
    expect(call("POST", "/v1/secret/data/c", { body: { options: {} } }).body).toBe(
      '{"errors":["no data provided"]}\n',
    );
  });

  it("delete and destroy without versions differ in capitalisation, as in Vault", () => {
    const { call } = createKit();
    expect(call("POST", "/v1/secret/delete/c", { body: {} }).body).toBe(
      '{"errors":["No version number provided"]}\n',
    );
    expect(call("POST", "/v1/secret/undelete/c", { body: { versions: [] } }).body).toBe(
      '{"errors":["No version number provided"]}\n',
    );
    expect(call("PUT", "/v1/secret/destroy/c", { body: {} }).body).toBe(
      '{"errors":["no version number provided"]}\n',
    );
  });

  it("PATCH: 415 for another type, 400 without one, 404 with an empty body for a missing key", () => {
    const { call } = createKit();
    const wrongType = call("PATCH", "/v1/secret/data/c", {
      body: { data: {} },
      headers: { "content-type": "application/json" },
    });
    expect([wrongType.status, wrongType.body]).toEqual([
      415,
      '{"errors":["PATCH requires Content-Type of application/merge-patch+json, provided application/json"]}\n',
    ]);
    expect(call("PATCH", "/v1/secret/data/c", { body: { data: {} } }).body).toBe(
      '{"errors":["mime: no media type"]}\n',
    );
    const missing = call("PATCH", "/v1/secret/data/c", { body: { data: { a: 1 } }, headers: MERGE_PATCH });
    expect([missing.status, missing.body, missing.headers?.["Content-Type"]]).toEqual([
      404,
      "",
      "application/json",
    ]);
  });

  it('405 for an unsupported operation, 405 {"errors":[]} for an unknown method', () => {
    const { call } = createKit();
    expect(call("DELETE", "/v1/secret/config").body).toBe(
      '{"errors":["1 error occurred:\\n\\t* unsupported operation\\n\\n"]}\n',
    );
    const tokenSelf = call("DELETE", "/v1/auth/token/lookup-self");
    expect([tokenSelf.status, tokenSelf.body]).toEqual([
      405,
      '{"errors":["1 error occurred:\\n\\t* unsupported operation\\n\\n"]}\n',
    ]);
    const weird = call("BREW", "/v1/secret/data/x");
    expect([weird.status, weird.body]).toEqual([405, '{"errors":[]}\n']);
  });

  it("path rules: unmounted route, trailing slash write, non-printable path, repeated slashes", () => {
    const { call } = createKit();
    expect(call("GET", "/v1/nope/x").body).toBe(
      '{"errors":["no handler for route \\"nope/x\\". route entry not found."]}\n',
    );
    expect(call("POST", "/v1/secret/metadata/dir/", { body: { max_versions: 1 } }).body).toBe(
      '{"errors":["cannot write to a path ending in \'/\'"]}\n',
    );
    const control = call("GET", "/v1/secret/data/a%07b");
    expect([control.status, control.body]).toEqual([400, ""]);
    const doubled = call("GET", "/v1/secret/data//a");
    expect([doubled.status, doubled.headers?.Location]).toEqual([301, "/v1/secret/data/a"]);
    expect(call("GET", "/v1/secret/metadata/?list=maybe").body).toBe('{"errors":[]}\n');
  });

  it("custom_metadata limits list every problem in one multierror string", () => {
    const { call } = createKit();
    const reply = call("POST", "/v1/secret/metadata/m", {
      body: { custom_metadata: { ["k".repeat(129)]: "v", ok: "x".repeat(513) } },
    });
    expect(reply.status).toBe(400);
    expect(reply.json().errors).toEqual([
      `2 errors occurred:\n\t* custom_metadata validation failed: length of key "${"k".repeat(129)}" is 129 but must be 0 < len(key) <= 128\n\t* custom_metadata validation failed: length of value for key "ok" is 513 but must be 0 < len(value) <= 512\n\n`,
    ]);
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    expect(call("POST", "/v1/secret/metadata/m", { body: { custom_metadata: many } }).json().errors).toEqual([
      "1 error occurred:\n\t* custom_metadata validation failed: payload must contain at most 64 keys, provided 65\n\n",
    ]);
  });

  it("sealed: every request but sys/health is 503 Vault is sealed", () => {
    const { call, vault } = createKit();
    vault.state.seal();
    expect([call("GET", "/v1/secret/data/a").status, call("GET", "/v1/secret/data/a").body]).toEqual([
      503,
      '{"errors":["Vault is sealed"]}\n',
    ]);
    expect(call("GET", "/v1/sys/health").status).toBe(503);
    vault.state.unseal();
    expect(call("GET", "/v1/secret/data/a").status).toBe(404);
  });

  it("413 for a body over max_request_size, 431 for a token header over 8 KiB", () => {
    const { call } = createKit({ maxRequestSize: 64 });
    const big = call("POST", "/v1/secret/data/a", { body: { data: { a: "x".repeat(100) } } });
    expect(big.status).toBe(413);
    expect(big.json().errors[0]).toContain("http: request body too large");
    expect(call("GET", "/v1/secret/data/a", { token: "t".repeat(8193) }).status).toBe(431);
  });

  it("malformed JSON is 400 error parsing JSON", () => {
    const { call } = createKit();
    const reply = call("POST", "/v1/secret/data/a", { body: "{nope" });
    expect(reply.status).toBe(400);
    expect(reply.json().errors[0]).toMatch(/^error parsing JSON: failed to parse JSON input: /);
  });

  it("unknown fields are ignored with a sorted warning when the answer has a body", () => {
    const { call } = createKit();
    const reply = call("POST", "/v1/secret/data/a", { body: { data: { x: 1 }, zeta: 1, alpha: 2 } });
    expect(reply.json().warnings).toEqual(["Endpoint ignored these unrecognized parameters: [alpha zeta]"]);
  });
});

describe("JSON limits pre-scan (contract §2.3)", () => {
  it("a duplicate key or excessive nesting is a 500 with Vault's text", () => {
    const { call } = createKit();
    const dup = call("POST", "/v1/secret/data/a", { body: '{"data":{"x":1,"x":2}}' });
    expect([dup.status, dup.body]).toEqual([500, `{"errors":["duplicate key 'x' in object"]}\n`]);
    const deep = call("POST", "/v1/secret/data/a", { body: `{"data":${"[".repeat(300)}${"]".repeat(300)}}` });
    expect([deep.status, deep.body]).toEqual([
      500,
      '{"errors":["JSON input exceeds allowed nesting depth"]}\n',
    ]);
    const wide = call("POST", "/v1/secret/data/a", {
      body: { data: { list: Array.from({ length: 10_001 }, () => 1) } },
    });
    expect(wide.body).toBe('{"errors":["JSON array exceeds allowed element count"]}\n');
    expect(
      call("POST", "/v1/secret/data/a", { body: { data: { list: Array.from({ length: 10_000 }, () => 1) } } })
        .status,
    ).toBe(200);
  });
});

describe("bodies Vault refuses before reading them as data", () => {
  const FORM = { "content-type": "application/x-www-form-urlencoded" };

  it("a form body is read as Go's ParseForm reads it: + is a space, a repeated name joins with commas", () => {
    const { call } = createKit();
    expect(
      call("POST", "/v1/sys/capabilities-self", {
        body: "paths=secret%2Fdata%2Fa&paths=x+y",
        headers: FORM,
      }).json(),
    ).toMatchObject({
      // joined into "secret/data/a,x y", which capabilities-self splits again (a comma-separated list)
      "secret/data/a": ["root"],
      "x y": ["root"],
    });
  });

  it("a form body over 10 MiB, a malformed escape or a semicolon is a 400 with Go's text", () => {
    const { call } = createKit();
    const cases: [string, string][] = [
      ["a&".repeat(5_300_000), "http: POST too large"],
      ["paths=%zz", 'invalid URL escape "%zz"'],
      ["paths=a;b", "invalid semicolon separator in query"],
    ];
    for (const [body, message] of cases) {
      const reply = call("POST", "/v1/secret/data/x", { body, headers: FORM, token: null });
      expect(reply.status).toBe(400);
      expect(reply.json()).toEqual({ errors: [message] });
    }
  });

  it("a duration past Go's range (about 292 years) is refused, and the key stays readable", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/k", { body: { data: { a: 1 } } });
    const reply = call("POST", "/v1/secret/metadata/k", {
      body: { delete_version_after: "99999999999999999999999999d" },
    });
    expect(reply.status).toBe(400);
    expect(call("GET", "/v1/secret/data/k").status).toBe(200);
    expect(
      call("POST", "/v1/secret/config", { body: { delete_version_after: "999999999999999999999h" } }).status,
    ).toBe(400);
    expect(call("POST", "/v1/secret/data/k2", { body: { data: { a: 1 } } }).status).toBe(200);
  });
});

describe("a patch whose key is __proto__", () => {
  it("stores it as a key, as Vault's Go maps do, and sets no prototype", () => {
    const { call } = createKit();
    call("POST", "/v1/secret/data/p", { body: { data: { a: 1 } } });
    const patched = call("PATCH", "/v1/secret/data/p", {
      body: '{"data":{"__proto__":{"polluted":true},"b":2}}',
      headers: MERGE_PATCH,
    });
    expect(patched.status).toBe(200);
    const data = call("GET", "/v1/secret/data/p").json().data.data;
    expect(Object.keys(data).sort()).toEqual(["__proto__", "a", "b"]);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
